from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("finance/", views.report, name="report"),
    path("finance/report.csv", views.report_csv, name="report-csv"),
    path("finance/report.pdf", views.report_pdf, name="report-pdf"),
    path("finance/budgets/", views.budget_list, name="budget-list"),
    path("finance/budgets/<str:agency>/<int:year>/<str:category>/amend/", views.budget_amend, name="budget-amend"),
    path("finance/costs/", views.cost_list, name="cost-list"),
    path("finance/rates/", views.rate_list, name="rate-list"),
]
