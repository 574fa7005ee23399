from django.apps import AppConfig


class KimBenchConfig(AppConfig):
    name = "kim_bench"
    verbose_name = "Benchmark"
