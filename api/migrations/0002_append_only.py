from django.db import migrations

from accounts.dbguards import ProtectAppendOnly


class Migration(migrations.Migration):
    """The API audit log, received bundles and the field history of tokens and peers cannot be edited."""

    dependencies = [("api", "0001_api_tokens_audit_bundles")]

    operations = [
        ProtectAppendOnly("api_apiauditlog", "api_importedbundle", "api_historicalapitoken",
                          "api_historicaltrustedpeer"),
    ]
