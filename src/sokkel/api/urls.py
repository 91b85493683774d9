"""URL patterns of the API; included by ``sokkel.config.urls`` at ``api/v1/``."""

from sokkel.api.api import api

app_name = "api-v1"
urlpatterns = list(api.urls[0])
