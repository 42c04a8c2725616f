"""A small world for tests, built through the real services: agencies, a warehouse, personas.

Personas: custodian (city), officer and supervisor (county), finance (city), auditor (province),
admin (central), a second officer (other county) and an outsider officer in another province.
"""

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Agency, User
from accounts.roles import Role
from accounts.services import create_agency, create_user, setup_roles
from custody.intake.services import ItemInput, register_items
from warehouse.models import Case, Item, Location, Warehouse
from warehouse.services import create_case, create_location, create_warehouse

PASSWORD = "test-pass-2026"


@dataclass
class World:
    central: Agency
    province: Agency
    city: Agency
    county: Agency
    county2: Agency
    police: Agency
    other_province: Agency
    other_city: Agency
    warehouse: Warehouse
    general_bin: Location
    general_bin2: Location
    hazardous_bin: Location
    small_bin: Location
    custodian: User
    custodian2: User
    officer: User
    officer2: User
    supervisor: User
    finance: User
    auditor: User
    admin: User
    outsider: User

    def case(self, number="测试案〔2026〕1号", officer=None, kind=Case.Kind.ADMINISTRATIVE) -> Case:
        officer = officer or self.officer
        return create_case(actor=officer, case_number=number, title="测试案件 test case", kind=kind)

    def items(self, case, count=1, **overrides) -> list[Item]:
        officer = case.officers.first()
        defaults = {"description": "假冒手提包 counterfeit handbag", "quantity": Decimal("2")}
        defaults.update(overrides)
        return register_items(actor=officer, case=case, items=[ItemInput(**defaults) for _ in range(count)])


def build_world() -> World:
    setup_roles()
    T, L = Agency.Type, Agency.Level
    central = create_agency(name="国家市场监督管理总局", agency_type=T.MARKET, level=L.CENTRAL, division_code="100000")
    province = create_agency(name="广东省市场监督管理局", agency_type=T.MARKET, level=L.PROVINCE,
                             division_code="440000", parent=central)
    city = create_agency(name="深圳市市场监督管理局", agency_type=T.MARKET, level=L.CITY, division_code="440300",
                         parent=province)
    county = create_agency(name="南山区市场监督管理局", agency_type=T.MARKET, level=L.COUNTY,
                           division_code="440305", parent=city)
    county2 = create_agency(name="宝安区市场监督管理局", agency_type=T.MARKET, level=L.COUNTY,
                            division_code="440306", parent=city)
    police = create_agency(name="深圳市公安局", agency_type=T.POLICE, level=L.CITY, division_code="440300")
    other_province = create_agency(name="浙江省市场监督管理局", agency_type=T.MARKET, level=L.PROVINCE,
                                   division_code="330000", parent=central)
    other_city = create_agency(name="杭州市市场监督管理局", agency_type=T.MARKET, level=L.CITY,
                               division_code="330100", parent=other_province)
    warehouse = create_warehouse(code="sz-test", name="深圳公物仓", operator=city, served_agencies=[county, county2,
                                                                                                police])
    zone = create_location(warehouse=warehouse, name="A区", kind=Location.Kind.ZONE)
    hazard_zone = create_location(warehouse=warehouse, name="B区 危险品", kind=Location.Kind.ZONE, is_hazardous=True)

    def user(name, agency, role):
        return create_user(username=name, password=PASSWORD, agency=agency, roles=[role], full_name=name)

    return World(
        central=central, province=province, city=city, county=county, county2=county2, police=police,
        other_province=other_province, other_city=other_city, warehouse=warehouse,
        general_bin=create_location(warehouse=warehouse, name="01", kind=Location.Kind.BIN, parent=zone),
        general_bin2=create_location(warehouse=warehouse, name="02", kind=Location.Kind.BIN, parent=zone),
        hazardous_bin=create_location(warehouse=warehouse, name="01", kind=Location.Kind.BIN, parent=hazard_zone),
        small_bin=create_location(warehouse=warehouse, name="03", kind=Location.Kind.BIN, parent=zone, capacity=2),
        custodian=user("custodian", city, Role.CUSTODIAN),
        custodian2=user("custodian2", city, Role.CUSTODIAN),
        officer=user("officer", county, Role.OFFICER),
        officer2=user("officer2", county2, Role.OFFICER),
        supervisor=user("supervisor", county, Role.SUPERVISOR),
        finance=user("finance", city, Role.FINANCE),
        auditor=user("auditor", province, Role.AUDITOR),
        admin=user("admin", central, Role.ADMINISTRATOR),
        outsider=user("outsider", other_city, Role.OFFICER),
    )
