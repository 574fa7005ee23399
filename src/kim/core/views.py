from django.shortcuts import render

from kim.directory.models import District


def home(request):
    return render(request, "core/home.html", {"district": District.objects.first()})
