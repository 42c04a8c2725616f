"""Waste categories, what a licence must cover for them, and which destruction methods fit.

How an item maps to the category a disposal licence must cover (our decision; docs/destruction.md):

  hazardous stream, category medicines        → HW03 废药物、药品
  hazardous stream, category pesticides       → HW04 农药废物 (pesticides, their packaging and labels)
  hazardous stream, hazard class flammable    → HW06 废有机溶剂与含有机溶剂废物 (alcohol perfume, solvents)
  any other hazardous item                    → HW49 其他废物 (batteries, corrosive, oxidising, toxic)
  e-waste stream                              → EWASTE: e-waste dismantling qualification
                                                (废弃电器电子产品处理资格)
  general stream                              → GENERAL: general solid waste disposal

HW codes are the categories of the national list of hazardous wastes (国家危险废物名录); a
hazardous-waste operating licence (危险废物经营许可证) lists the codes it covers. Only that
licence covers HW codes: hazardous goods go to a licensed handler and nowhere else.

Methods: there is deliberately no "remove the counterfeit mark" method. Removing a fake
trademark leaves goods that can go back into commerce, which the 2020 opinion on destroying
infringing goods forbids; every method below destroys the goods themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from warehouse.models import Item

HW03, HW04, HW06, HW49 = "HW03", "HW04", "HW06", "HW49"
EWASTE, GENERAL = "EWASTE", "GENERAL"

# code → (Chinese, English) as printed on documents
CATEGORY_NAMES = {
    HW03: ("HW03 废药物、药品", "HW03 waste medicines"),
    HW04: ("HW04 农药废物", "HW04 pesticide waste"),
    HW06: ("HW06 废有机溶剂", "HW06 waste organic solvents"),
    HW49: ("HW49 其他废物", "HW49 other hazardous waste"),
    EWASTE: ("废弃电器电子产品", "Waste electrical and electronic equipment"),
    GENERAL: ("一般固体废物", "General solid waste"),
}
CATEGORIES = tuple(CATEGORY_NAMES)
HAZARDOUS_CATEGORIES = (HW03, HW04, HW06, HW49)


def waste_category(item: Item) -> str:
    if item.waste_stream == Item.WasteStream.HAZARDOUS:
        if item.category == Item.Category.MEDICINES:
            return HW03
        if item.category == Item.Category.PESTICIDES:
            return HW04
        if item.hazard_class == Item.HazardClass.FLAMMABLE:
            return HW06
        return HW49
    if item.waste_stream == Item.WasteStream.EWASTE:
        return EWASTE
    return GENERAL


def stream_of(category: str) -> str:
    if category in HAZARDOUS_CATEGORIES:
        return Item.WasteStream.HAZARDOUS
    return Item.WasteStream.EWASTE if category == EWASTE else Item.WasteStream.GENERAL


def category_label(code: str) -> str:
    zh, en = CATEGORY_NAMES.get(code, (code, code))
    return f"{zh} {en}"


class Method(models.TextChoices):
    """Destruction methods. No choice merely removes a mark: see the module docstring."""

    INCINERATION = "incineration", _("Incineration with energy recovery")
    SHREDDING = "shredding", _("Shredding")
    CRUSHING = "crushing", _("Crushing")
    CHEMICAL = "chemical", _("Chemical treatment")
    DISMANTLING = "dismantling", _("Dismantling and recycling of materials")
    SECURE_LANDFILL = "secure_landfill", _("Secure landfill")


METHOD_NAMES_ZH = {
    Method.INCINERATION: "焚烧（能量回收）",
    Method.SHREDDING: "粉碎",
    Method.CRUSHING: "破碎",
    Method.CHEMICAL: "化学处理",
    Method.DISMANTLING: "拆解及材料回收",
    Method.SECURE_LANDFILL: "安全填埋",
}
METHOD_NAMES_EN = {
    Method.INCINERATION: "incineration with energy recovery",
    Method.SHREDDING: "shredding",
    Method.CRUSHING: "crushing",
    Method.CHEMICAL: "chemical treatment",
    Method.DISMANTLING: "dismantling and recycling of materials",
    Method.SECURE_LANDFILL: "secure landfill",
}

# Which methods fit each waste stream. Secure landfill only for hazardous residues: general
# counterfeits in a landfill can be dug out and sold again.
METHODS_BY_STREAM = {
    Item.WasteStream.HAZARDOUS: (Method.INCINERATION, Method.CHEMICAL, Method.SECURE_LANDFILL),
    Item.WasteStream.EWASTE: (Method.DISMANTLING, Method.SHREDDING, Method.CRUSHING),
    Item.WasteStream.GENERAL: (Method.INCINERATION, Method.SHREDDING, Method.CRUSHING),
}


def method_label(method: str) -> str:
    if not method:
        return ""
    return f"{METHOD_NAMES_ZH[Method(method)]} {METHOD_NAMES_EN[Method(method)]}"
