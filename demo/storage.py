"""The demo warehouse: a cross-agency custody centre with general, hazardous, cold and secure zones."""

from warehouse.models import Location, Warehouse
from warehouse.services import create_location, create_warehouse

K = Location.Kind

# zone name, flags, shelves, bins per shelf, capacity per bin
ZONES = [
    ("A区 一般物品库", {}, 4, 4, 30),
    ("B区 危险品库", {"is_hazardous": True}, 2, 3, 20),
    ("C区 冷藏库", {"is_cold": True}, 1, 3, 20),
    ("D区 贵重物品保险库", {"is_secure": True}, 1, 2, 15),
    ("E区 危险品保险柜", {"is_hazardous": True, "is_secure": True}, 1, 2, 15),
]


def build_warehouse(agencies) -> Warehouse:
    existing = Warehouse.objects.filter(code="sz-gwc-01").first()
    if existing:
        return existing
    served = [agencies[key] for key in ("nanshan", "baoan", "police", "procuratorate", "court")]
    warehouse = create_warehouse(code="sz-gwc-01", name="深圳市罚没及涉案财物管理中心（公物仓）",
                                 operator=agencies["sz"], served_agencies=served,
                                 address="深圳市南山区西丽街道留仙大道1号")
    for zone_name, flags, shelves, bins, capacity in ZONES:
        zone = create_location(warehouse=warehouse, name=zone_name, kind=K.ZONE, **flags)
        for shelf_number in range(1, shelves + 1):
            shelf = create_location(warehouse=warehouse, name=f"{shelf_number:02d}架", kind=K.SHELF, parent=zone)
            for bin_number in range(1, bins + 1):
                create_location(warehouse=warehouse, name=f"{bin_number:02d}层", kind=K.BIN, parent=shelf,
                                capacity=capacity)
    return warehouse
