"""Writes for agencies, people and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Agency, Counter, User
from .roles import ROLE_PERMISSIONS, Role


@transaction.atomic
def create_agency(*, name: str, agency_type: str, level: int, division_code: str, parent: Agency | None = None,
                  name_en: str = "") -> Agency:
    agency = Agency(name=name, name_en=name_en, agency_type=agency_type, level=level,
                    division_code=division_code, parent=parent, path="")
    agency.full_clean(exclude=["path"])
    agency.save()
    # The path needs the new id, so it is written in a second save inside the same transaction.
    agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
    agency.save(update_fields=["path"])
    return agency


def setup_roles() -> dict[str, Group]:
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS lists."""
    groups = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
        groups[role] = group
    return groups


@transaction.atomic
def create_user(*, username: str, password: str, agency: Agency, roles: list[str], full_name: str = "",
                email: str = "", is_staff: bool = False) -> User:
    user = User(username=username, agency=agency, full_name=full_name, email=email, is_staff=is_staff)
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=[Role(role) for role in roles]))
    return user


def next_serial(*, agency: Agency, name: str) -> int:
    """The next serial of ``name`` for ``agency``; must run inside the caller's transaction."""
    counter, _ = Counter.objects.select_for_update().get_or_create(agency=agency, name=name)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def reserve_serials(*, agency: Agency, name: str, count: int) -> range:
    """Reserve ``count`` consecutive serials at once (bulk registration)."""
    counter, _ = Counter.objects.select_for_update().get_or_create(agency=agency, name=name)
    first = counter.last_value + 1
    counter.last_value += count
    counter.save(update_fields=["last_value"])
    return range(first, first + count)
