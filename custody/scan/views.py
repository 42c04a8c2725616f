"""The scan station: one input for keyboard-wedge scanners, camera, or typing.

Scanning a location label sets the "current location" (kept in the session); scanning items then
puts them there. Every action form carries a client event id, so a resubmitted form (double tap,
retry after a dropped connection) is recognised by the services and recorded once.
"""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.errors import DomainError, InvalidInput
from custody import selectors
from custody.scan import actions as scanning
from custody.scan import selectors as scan_selectors
from warehouse.access import locations_operated_by

SESSION_LOCATION = "scan_location"


def _current_location(request):
    code = request.session.get(SESSION_LOCATION)
    if not code:
        return None
    return locations_operated_by(request.user).select_related("warehouse").filter(code=code).first()


def _render(request, template, context, status=200):
    context.setdefault("location", _current_location(request))
    context.setdefault("client_event_id", scanning.new_client_event_id())
    if not request.htmx:
        template = "custody/scan.html"
    return render(request, template, context, status=status)


def _item_card(request, item, *, message="", status=200, level="ok"):
    location = _current_location(request)
    return _render(request, "custody/scan_result.html", {
        "item": item, "events": selectors.recent_events(item), "location": location, "message": message,
        "level": level, "actions": scanning.actions_for(request.user, item, location),
        "photo": next((a for a in item.attachments.all() if a.kind == "photo"), None),
    }, status)


@permission_required("custody.use_scan_station", raise_exception=True)
def scan_station(request):
    if request.method != "POST":
        return _render(request, "custody/scan.html", {})
    try:
        parsed = scanning.parse_scan(request.POST.get("code", ""), user=request.user,
                                     ip_address=request.META.get("REMOTE_ADDR"))
    except InvalidInput as error:
        return _render(request, "custody/scan_result.html", {"message": error.message, "level": "bad"}, 400)
    if parsed.kind == "location":
        location = locations_operated_by(request.user).filter(code=parsed.code).first()
        if location is None:
            return _render(request, "custody/scan_result.html", {
                "message": _("Location %(code)s is not in a warehouse your agency operates.") % {"code": parsed.code},
                "level": "bad"}, 404)
        request.session[SESSION_LOCATION] = location.code
        return _render(request, "custody/scan_result.html", {
            "location": location, "level": "ok",
            "message": _("Location set to %(name)s. Scan items to put them here.") % {"name": location.full_name}})
    item = scan_selectors.scan_card_item(request.user, parsed.base_code)
    if item is None:
        return _render(request, "custody/scan_result.html", {
            "message": _("No item with code %(code)s in your scope.") % {"code": parsed.code}, "level": "bad"}, 404)
    try:
        label = scanning.check_label(parsed, item, user=request.user, ip_address=request.META.get("REMOTE_ADDR"))
    except InvalidInput as error:
        return _render(request, "custody/scan_result.html", {"message": error.message, "level": "bad"}, 400)
    if label.superseded:
        # Show the item, but run nothing on its own: the person must see the warning first.
        return _item_card(request, item, message=label.message, level="warn")
    location = _current_location(request)
    store = scanning.find_action("store")
    if location and store in scanning.actions_for(request.user, item, location):
        return _run(request, item, store, location)
    return _item_card(request, item)


@require_POST
@permission_required("custody.use_scan_station", raise_exception=True)
def scan_act(request):
    item = scan_selectors.scan_card_item(request.user, request.POST.get("code", ""))
    action = scanning.find_action(request.POST.get("action", ""))
    if item is None or action is None:
        return _render(request, "custody/scan_result.html", {
            "message": _("Scan the item again: the action is not available."), "level": "bad"}, 404)
    return _run(request, item, action, _current_location(request))


def _run(request, item, action, location):
    try:
        action.run(actor=request.user, item=item, location=location,
                   client_event_id=request.POST.get("client_event_id") or None,
                   note=request.POST.get("note", ""), seal_number=request.POST.get("seal_number", ""))
    except DomainError as error:
        return _item_card(request, item, message=error.message, status=error.status, level="bad")
    item = scan_selectors.scan_card_item(request.user, item.code)
    return _item_card(request, item, message=_("Done: %(action)s.") % {"action": action.label})


@require_POST
@permission_required("custody.use_scan_station", raise_exception=True)
def scan_clear_location(request):
    request.session.pop(SESSION_LOCATION, None)
    return _render(request, "custody/scan_result.html", {"location": None, "level": "ok",
                                                          "message": _("Location cleared.")})
