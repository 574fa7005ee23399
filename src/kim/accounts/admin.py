from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Administration manages accounts, but cannot raise its own or anyone's rights beyond roles:
    superuser status and single permissions stay with superusers, and nobody changes their own
    roles (every change is in the audit log)."""

    fieldsets = (*BaseUserAdmin.fieldsets, ("KIM", {"fields": ("organisation",)}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("groups", "is_active", "organisation")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                readonly.append("groups")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)
