"""The demo agency tree and one user per role."""

from django.conf import settings

from accounts.models import Agency, User
from accounts.roles import Role
from accounts.services import create_agency, create_user, setup_roles

A = Agency.Type
L = Agency.Level

# (key, parent key, name, English name, type, level, division code)
AGENCIES = [
    ("samr", None, "国家市场监督管理总局", "State Administration for Market Regulation", A.MARKET, L.CENTRAL, "100000"),
    ("gd", "samr", "广东省市场监督管理局", "Guangdong Administration for Market Regulation", A.MARKET, L.PROVINCE,
     "440000"),
    ("sz", "gd", "深圳市市场监督管理局", "Shenzhen Administration for Market Regulation", A.MARKET, L.CITY, "440300"),
    ("gz", "gd", "广州市市场监督管理局", "Guangzhou Administration for Market Regulation", A.MARKET, L.CITY, "440100"),
    ("nanshan", "sz", "深圳市南山区市场监督管理局", "Nanshan District Market Regulation Bureau", A.MARKET, L.COUNTY,
     "440305"),
    ("baoan", "sz", "深圳市宝安区市场监督管理局", "Bao'an District Market Regulation Bureau", A.MARKET, L.COUNTY,
     "440306"),
    ("tianhe", "gz", "广州市天河区市场监督管理局", "Tianhe District Market Regulation Bureau", A.MARKET, L.COUNTY,
     "440106"),
    ("police", None, "深圳市公安局", "Shenzhen Public Security Bureau", A.POLICE, L.CITY, "440300"),
    ("procuratorate", None, "深圳市人民检察院", "Shenzhen People's Procuratorate", A.PROCURATORATE, L.CITY, "440300"),
    ("court", None, "深圳市中级人民法院", "Shenzhen Intermediate People's Court", A.COURT, L.CITY, "440300"),
    ("zj", "samr", "浙江省市场监督管理局", "Zhejiang Administration for Market Regulation", A.MARKET, L.PROVINCE,
     "330000"),
    ("hz", "zj", "杭州市市场监督管理局", "Hangzhou Administration for Market Regulation", A.MARKET, L.CITY, "330100"),
]

# (username, full name, agency key, roles)
USERS = [
    ("custodian", "陈保管", "sz", [Role.CUSTODIAN]),
    ("officer", "王喆", "nanshan", [Role.OFFICER]),
    ("supervisor", "李审批", "nanshan", [Role.SUPERVISOR]),
    ("finance", "赵财务", "sz", [Role.FINANCE]),
    ("auditor", "周监督", "gd", [Role.AUDITOR]),
    ("admin", "系统管理员", "samr", [Role.ADMINISTRATOR]),
    ("outsider", "钱外省", "hz", [Role.OFFICER]),
    ("officer2", "孙宝安", "baoan", [Role.OFFICER]),
    # Approves the city warehouse's destruction batches (the Nanshan supervisor's scope is his district).
    ("approver", "黄审批", "sz", [Role.SUPERVISOR]),
    # An outside witness of destructions (监销人) from the procuratorate.
    ("witness", "吴检察", "procuratorate", [Role.AUDITOR]),
    ("police", "林警官", "police", [Role.OFFICER]),  # receives transferred criminal cases (深圳市公安局)
]


def build_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for key, parent, name, name_en, agency_type, level, division in AGENCIES:
        existing = Agency.objects.filter(division_code=division, agency_type=agency_type).first()
        agencies[key] = existing or create_agency(
            name=name, name_en=name_en, agency_type=agency_type, level=level, division_code=division,
            parent=agencies.get(parent),
        )
    return agencies


def build_users(agencies: dict[str, Agency]) -> dict[str, User]:
    setup_roles()
    users = {}
    for username, full_name, agency_key, roles in USERS:
        users[username] = User.objects.filter(username=username).first() or create_user(
            username=username, password=settings.DEMO_PASSWORD, agency=agencies[agency_key], roles=roles,
            full_name=full_name, email=f"{username}@demo.invalid", is_staff=username == "admin",
        )
    return users
