"""The lab: pure planning and simulation engines. Never imports Django or a platform app."""
