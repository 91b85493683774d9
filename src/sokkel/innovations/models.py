"""Innovations, their teams, effects, journeys, kudos and audit log.

Per-object permission rules live here (``can_view``, ``can_edit``, ``can_anchor``,
``can_give_kudos``); every write goes through :mod:`sokkel.innovations.services`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokkel.core.permissions import is_signed_in
from sokkel.units.models import Sector, Unit


class Phase(models.TextChoices):
    """The lifecycle: «oppdages, erfares, forstås og formidles»."""

    DISCOVERED = "discovered", _("oppdaget")
    TRIED = "tried", _("utprøvd")
    UNDERSTOOD = "understood", _("forstått")
    SHARED = "shared", _("delt")

    @classmethod
    def order(cls) -> list[str]:
        return [cls.DISCOVERED, cls.TRIED, cls.UNDERSTOOD, cls.SHARED]

    @classmethod
    def index(cls, phase: str) -> int:
        return cls.order().index(phase)


class ActorType(models.TextChoices):
    PUBLIC_BODY = "public_body", _("offentlig virksomhet")
    RESEARCH = "research", _("forskning")
    PRIVATE_COMPANY = "private_company", _("privat virksomhet")
    CITIZEN = "citizen", _("innbygger/bruker")
    VOLUNTEER_ORG = "volunteer_org", _("frivillig organisasjon")
    NATIONAL_INTERNATIONAL = "national_international", _("nasjonal/internasjonal aktør")


class EvidenceLevel(models.IntegerChoices):
    """Nesta standards of evidence."""

    DESCRIBE = 1, _("1 – Vi kan beskrive hva vi gjør og hvorfor")
    MEASURE = 2, _("2 – Vi måler endring")
    CAUSE = 3, _("3 – Vi kan vise at vi forårsaker endringen")
    REPLICATED = 4, _("4 – Uavhengig replikert")
    SCALABLE = 5, _("5 – Kan skaleres")


class StudyDesign(models.TextChoices):
    DESCRIPTION = "description", _("beskrivelse")
    BEFORE_AFTER = "before_after", _("før og etter")
    COMPARISON_GROUP = "comparison_group", _("sammenligningsgruppe")
    RCT = "rct", _("randomisert kontrollert forsøk")
    REPLICATION = "replication", _("replikering")
    MULTI_SITE = "multi_site", _("flere steder")


class BarometerType(models.TextChoices):
    """KS Innovasjonsbarometeret: type of innovation."""

    SERVICE = "service", _("tjeneste")
    PRODUCT = "product", _("produkt")
    PROCESS = "process", _("prosess")
    COMMUNICATION = "communication", _("kommunikasjon")


class Novelty(models.TextChoices):
    FIRST = "first", _("først ute")
    ADAPTED = "adapted", _("tilpasset")
    COPIED = "copied", _("kopiert")


class Initiator(models.TextChoices):
    EMPLOYEES = "employees", _("ansatte")
    LEADERS = "leaders", _("ledere")
    USERS = "users", _("brukere")
    POLITICIANS = "politicians", _("politikere")
    OTHER_ORG = "other_org", _("annen virksomhet")


class Gain(models.TextChoices):
    QUALITY = "quality", _("bedre kvalitet")
    EFFICIENCY = "efficiency", _("mer effektiv")
    USER_SATISFACTION = "user_satisfaction", _("mer fornøyde brukere")
    WORK_ENVIRONMENT = "work_environment", _("bedre arbeidsmiljø")
    COST = "cost", _("lavere kostnader")
    OTHER = "other", _("annet")


class EffectKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("målt")
    IMMATERIAL = "immaterial", _("immateriell")


class Tag(models.Model):
    name = models.CharField(_("navn"), max_length=60, unique=True)
    slug = models.SlugField(_("nøkkel"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stikkord")
        verbose_name_plural = _("stikkord")

    def __str__(self) -> str:
        return self.name


class InnovationQuerySet(models.QuerySet["Innovation"]):
    def published(self) -> InnovationQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user: Any) -> InnovationQuerySet:
        """Published innovations, plus drafts the user may see (team, leaders, admins)."""
        if not is_signed_in(user):
            return self.published()
        if user.is_staff or user.is_superuser:
            return self.all()
        led = user.led_units()
        return self.filter(
            Q(is_published=True) | Q(team__person=user) | Q(units__in=led)
        ).distinct()

    def in_unit(self, unit: Unit) -> InnovationQuerySet:
        """Innovations in ``unit`` or any of its sub-units."""
        return self.filter(units__path__startswith=unit.path).distinct()


class Innovation(models.Model):
    """A new and better way of working, with its story, team, effects and journey."""

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("nøkkel"), max_length=220, unique=True)
    problem = models.TextField(_("hva var problemet"))
    what_we_did = models.TextField(_("hva gjorde vi"))
    what_changed = models.TextField(_("hva ble endret"))
    units = models.ManyToManyField(Unit, verbose_name=_("enheter"), related_name="innovations")
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("stikkord"), blank=True, related_name="innovations"
    )
    phase = models.CharField(
        _("fase"), max_length=20, choices=Phase.choices, default=Phase.DISCOVERED
    )
    is_published = models.BooleanField(_("publisert"), default=False)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    # A withdrawn innovation is unpublished (``is_published`` is False, so every public
    # list, search, similar-innovation box and digest leaves it out) and says why here.
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trukket tilbake av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.CharField(
        _("begrunnelse for tilbaketrekking"), max_length=500, blank=True
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forankret hos"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_innovations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fortalt av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="created_innovations",
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    version = models.PositiveIntegerField(_("versjon"), default=1)
    evidence_level = models.PositiveSmallIntegerField(
        _("evidensnivå"),
        choices=EvidenceLevel.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    study_design = models.CharField(
        _("studiedesign"), max_length=20, choices=StudyDesign.choices, blank=True
    )
    adoption_recipe = models.TextField(_("slik tar dere det i bruk"), blank=True)
    barometer_type = models.CharField(
        _("type innovasjon"), max_length=20, choices=BarometerType.choices, blank=True
    )
    novelty = models.CharField(_("nyhetsgrad"), max_length=20, choices=Novelty.choices, blank=True)
    initiator = models.CharField(
        _("initiativtaker"), max_length=20, choices=Initiator.choices, blank=True
    )
    gains = models.JSONField(_("gevinster"), default=list, blank=True)
    demo_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)

    objects = InnovationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The list page and the API page through innovations newest first.
            models.Index(fields=["-updated_at", "-id"], name="innovation_newest_first"),
            # What everyone may see, from the index alone: the public list page's ids and
            # count, and the published ids a search's hits are joined with.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=models.Q(is_published=True),
                name="innovation_published_newest",
            ),
        ]
        verbose_name = _("innovasjon")
        verbose_name_plural = _("innovasjoner")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/innovasjoner/{self.slug}/"

    # --- who may do what -------------------------------------------------------------------
    def is_team_member(self, user: Any) -> bool:
        return is_signed_in(user) and self.team.filter(person=user).exists()

    def is_led_by(self, user: Any) -> bool:
        """True if ``user`` leads one of the innovation's units (or a unit above one)."""
        return is_signed_in(user) and user.leads_any(self.units.all())

    def can_view(self, user: Any) -> bool:
        if self.is_published:
            return True
        return self.can_edit(user)

    def can_edit(self, user: Any) -> bool:
        """Team members, leaders of its units (by inheritance) and administrators."""
        if not is_signed_in(user):
            return False
        return user.is_admin or self.is_team_member(user) or self.is_led_by(user)

    def can_see_audit(self, user: Any) -> bool:
        return self.can_edit(user)

    def can_anchor(self, user: Any) -> bool:
        """A leader of one of its units may anchor it (become its sponsor)."""
        return self.is_led_by(user)

    def can_withdraw(self, user: Any) -> bool:
        """Leaders of its units (by inheritance) and administrators may withdraw it.

        The same people may publish a withdrawn innovation again; its team may not.
        """
        return is_signed_in(user) and (user.is_admin or self.is_led_by(user))

    def can_give_kudos(self, user: Any) -> bool:
        return (
            is_signed_in(user) and self.is_published and not self.kudos.filter(person=user).exists()
        )

    # --- facts used by the phase rules and pages --------------------------------------------
    def has_researcher(self) -> bool:
        return self.team.filter(
            Q(actor_type=ActorType.RESEARCH) | Q(person__is_researcher=True)
        ).exists()

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def phase_index(self) -> int:
        return Phase.index(self.phase)

    @property
    def primary_unit(self) -> Unit | None:
        return self.units.order_by("path").first()


class TeamMember(models.Model):
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    name = models.CharField(_("navn"), max_length=200, blank=True)
    actor_type = models.CharField(_("aktørtype"), max_length=30, choices=ActorType.choices)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    organisation = models.CharField(_("organisasjon"), max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "person"], name="one_membership_per_person"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""), name="team_member_has_a_name"
            ),
        ]
        verbose_name = _("teammedlem")
        verbose_name_plural = _("team")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name


class Kudos(models.Model):
    """A colleague celebrates an innovation; one per person."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="kudos")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "person"], name="one_kudos_per_person")
        ]
        verbose_name = _("heia")
        verbose_name_plural = _("heiarop")


def indicator_key(name: str) -> str:
    """What two effects' names must share to measure the same indicator (case and spaces aside)."""
    return " ".join(name.split()).casefold()


class EffectFields(models.Model):
    """A measured (quantitative) or described (immaterial) effect: what every effect records.

    :class:`Effect` is an innovation's own; adopting units record theirs in the same shape
    (``sokkel.spread.models.AdoptionEffect``). ``name`` is the indicator.
    """

    kind = models.CharField(_("type"), max_length=20, choices=EffectKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("måleenhet"), max_length=40, blank=True)
    baseline = models.FloatField(_("før"), null=True, blank=True)
    result = models.FloatField(_("etter"), null=True, blank=True)
    n = models.PositiveIntegerField(_("antall (n)"), null=True, blank=True)
    interval_low = models.FloatField(_("intervall fra"), null=True, blank=True)
    interval_high = models.FloatField(_("intervall til"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("vurdering (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("illustrerende tall"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.result is None:
            return None
        return self.result - self.baseline

    @property
    def relative_change(self) -> float | None:
        """The change in per cent of the value before (None without a non-zero before)."""
        if self.change is None or not self.baseline:
            return None
        return 100 * self.change / abs(self.baseline)

    @property
    def indicator(self) -> str:
        return indicator_key(self.name)


class Effect(EffectFields):
    """A measured (quantitative) or described (immaterial) effect of an innovation."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="effects")

    class Meta(EffectFields.Meta):
        verbose_name = _("effekt")
        verbose_name_plural = _("effekter")


class PhaseTransition(models.Model):
    """One step of an innovation's journey (forward or back)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="transitions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    from_phase = models.CharField(_("fra"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("til"), max_length=20, choices=Phase.choices)
    note = models.TextField(_("notat"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("faseovergang")
        verbose_name_plural = _("reisen")

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"

    @property
    def is_backward(self) -> bool:
        return Phase.index(self.to_phase) < Phase.index(self.from_phase)


class AuditEntry(models.Model):
    """Who changed what, when: ``changes`` is ``{field: [old, new]}``."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=80)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("logglinje")
        verbose_name_plural = _("endringslogg")

    def __str__(self) -> str:
        return f"{self.action} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
