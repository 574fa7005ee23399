from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared page frame, form rendering and navigation of all KIM apps."""

    name = "kim.core"
    verbose_name = "KIM"
