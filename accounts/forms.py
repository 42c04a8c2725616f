"""Small helpers shared by the forms of every app."""


def posted(request, *, files: bool = False) -> dict:
    """Form arguments that bind on every POST, even an empty one (``request.POST or None`` would
    treat an empty POST as a GET and show no error)."""
    if request.method != "POST":
        return {}
    return {"data": request.POST, "files": request.FILES} if files else {"data": request.POST}
