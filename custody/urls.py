
app_name = "custody"
urlpatterns = []
