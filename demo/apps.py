from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader, the scale seeder, the benchmarks and the load test's accounts: tools
    that sit on top of every app and that no app imports."""

    name = "demo"
