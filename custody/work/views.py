"""My work / 待办: what waits for this user, by role."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from custody.work import selectors as work_selectors


@login_required
def my_work(request):
    work = work_selectors.work_for(request.user)
    return render(request, "custody/work.html", {"work": work, "total": sum(len(rows) for rows in work.values())})


@login_required
def landing(request):
    """Where "home" sends a user: the work page when something waits, else their usual start page."""
    work = work_selectors.work_for(request.user)
    if any(work.values()):
        return redirect("custody:work")
    if request.user.has_perm("custody.use_scan_station"):
        return redirect("custody:scan")
    return redirect("warehouse:item-list")
