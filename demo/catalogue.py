"""Realistic demo cases: what Chinese market regulators actually seize."""

from decimal import Decimal

from warehouse.models import Case, Item

C, W, H, U = Item.Category, Item.WasteStream, Item.HazardClass, Item.Unit

# Each case: number, title, kind, agency key, rights holder (name, English, brands), place, summary, item templates.
# Item template: (description, category, brand, unit, quantity, weight kg, unit price in yuan (the
# market value of the genuine article, used for the value of the goods involved), waste stream, hazard,
#                 needs cold, needs secure)
CASES = [
    {
        "number": "深南市监罚〔2026〕101号", "title": "某商贸公司销售假冒LV手提包案", "kind": Case.Kind.ADMINISTRATIVE,
        "agency": "nanshan", "holder": ("路易威登马利蒂公司", "Louis Vuitton Malletier", "LV"),
        "place": "深圳市南山区海岸城某商铺", "summary": "当事人王喆在店铺内销售标有LV商标的手提包，经权利人鉴定为假冒。",
        "items": [
            ("LV Neverfull 手提包（棕色老花）", C.CLOTHING, "LV", U.PIECE, 12, "9.6", "450", W.GENERAL, H.NONE, False, False),
            ("LV Speedy 30 手袋（棋盘格）", C.CLOTHING, "LV", U.PIECE, 8, "5.2", "380", W.GENERAL, H.NONE, False, False),
            ("LV 钱包（老花，带包装盒）", C.CLOTHING, "LV", U.BOX, 40, "8.0", "120", W.GENERAL, H.NONE, False, False),
        ],
    },
    {
        "number": "深南市监刑移〔2026〕7号", "title": "假冒先正达农药案", "kind": Case.Kind.CRIMINAL,
        "agency": "nanshan", "holder": ("先正达集团", "Syngenta Group", "先正达 / Syngenta"),
        "place": "深圳市南山区西丽某仓库", "summary": "查获标称先正达“福戈”“阿米妙收”的假冒农药，涉嫌生产、销售伪劣农药罪。",
        "items": [
            ("福戈 氯虫苯甲酰胺·噻虫嗪 水分散粒剂 200克/瓶", C.PESTICIDES, "先正达", U.BOTTLE, 240, "52.0", "15",
             W.HAZARDOUS, H.TOXIC, False, False),
            ("阿米妙收 苯甲·嘧菌酯 悬浮剂 1升/瓶", C.PESTICIDES, "先正达", U.BOTTLE, 96, "110.5", "260",
             W.HAZARDOUS, H.TOXIC, False, False),
            ("农药空包装袋及标签（印有先正达商标）", C.PESTICIDES, "先正达", U.BAG, 15, "7.5", "90",
             W.HAZARDOUS, H.ENVIRONMENTAL, False, False),
        ],
    },
    {
        "number": "深宝市监罚〔2026〕215号", "title": "销售盗版音像制品案", "kind": Case.Kind.ADMINISTRATIVE,
        "agency": "baoan", "holder": ("中国唱片集团有限公司", "China Record Group", "中唱"),
        "place": "深圳市宝安区西乡某音像店", "summary": "查获盗版DVD、CD光盘，涉嫌侵犯著作权。",
        "items": [
            ("盗版电影DVD光盘（散装）", C.MEDIA, "", U.PIECE, 1200, "18.0", "65", W.GENERAL, H.NONE, False, False),
            ("盗版音乐CD（经典老歌合集）", C.MEDIA, "中唱", U.PIECE, 800, "12.0", "98", W.GENERAL, H.NONE, False,
             False),
        ],
    },
    {
        "number": "深南市监罚〔2026〕133号", "title": "销售假冒手机电池案", "kind": Case.Kind.ADMINISTRATIVE,
        "agency": "nanshan", "holder": ("华为技术有限公司", "Huawei Technologies", "华为 / HUAWEI"),
        "place": "深圳市南山区华强北电子市场", "summary": "查获标有华为、苹果商标的锂离子电池，无3C认证，存在起火风险。",
        "items": [
            ("华为 HB396689ECW 锂离子电池（假冒）", C.BATTERIES, "华为", U.PIECE, 350, "24.5", "70",
             W.HAZARDOUS, H.LITHIUM, False, False),
            ("苹果 iPhone 13 替换电池（假冒）", C.BATTERIES, "Apple", U.PIECE, 500, "27.0", "1499",
             W.HAZARDOUS, H.LITHIUM, False, False),
            ("假冒华为充电器", C.ELECTRONICS, "华为", U.PIECE, 300, "36.0", "2", W.EWASTE, H.NONE, False, False),
        ],
    },
    {
        "number": "深宝市监罚〔2026〕238号", "title": "销售假冒化妆品案", "kind": Case.Kind.ADMINISTRATIVE,
        "agency": "baoan", "holder": ("宝洁（中国）有限公司", "Procter & Gamble (China)", "SK-II / OLAY"),
        "place": "深圳市宝安区某直播带货仓库", "summary": "网络直播销售的SK-II神仙水等化妆品经鉴定为假冒，部分需冷藏保存。",
        "items": [
            ("SK-II 护肤精华露 230毫升（假冒）", C.COSMETICS, "SK-II", U.BOTTLE, 150, "60.0", "180",
             W.GENERAL, H.NONE, True, False),
            ("OLAY 大红瓶面霜 50克（假冒）", C.COSMETICS, "OLAY", U.BOTTLE, 200, "30.0", "30",
             W.GENERAL, H.NONE, False, False),
            ("含酒精香水喷雾 100毫升（假冒）", C.COSMETICS, "", U.BOTTLE, 80, "16.0", "320",
             W.HAZARDOUS, H.FLAMMABLE, False, False),
        ],
    },
    {
        "number": "深南市监刑移〔2026〕12号", "title": "假冒贵州茅台酒案", "kind": Case.Kind.CRIMINAL,
        "agency": "nanshan", "holder": ("贵州茅台酒股份有限公司", "Kweichow Moutai", "贵州茅台"),
        "place": "深圳市南山区蛇口某烟酒行", "summary": "查获假冒53度飞天茅台，涉案金额较大，拟移送公安机关。",
        "items": [
            ("53度飞天茅台 500毫升（假冒，整箱）", C.FOOD, "贵州茅台", U.BOX, 20, "180.0", "5",
             W.GENERAL, H.NONE, False, True),
            ("茅台酒包装盒、防伪标签", C.FOOD, "贵州茅台", U.BAG, 6, "12.0", "8", W.GENERAL, H.NONE, False, True),
        ],
    },
    {
        "number": "深宝市监罚〔2026〕251号", "title": "销售假冒耐克运动鞋案", "kind": Case.Kind.ADMINISTRATIVE,
        "agency": "baoan", "holder": ("耐克创新有限合伙公司", "Nike Innovate C.V.", "NIKE"),
        "place": "深圳市宝安区福永某鞋厂", "summary": "查获假冒耐克Air Jordan运动鞋及鞋盒。",
        "items": [
            ("Air Jordan 1 运动鞋（假冒）", C.CLOTHING, "NIKE", U.PAIR, 160, "192.0", "6", W.GENERAL, H.NONE,
             False, False),
            ("耐克鞋盒及吊牌", C.CLOTHING, "NIKE", U.BAG, 10, "25.0", "35", W.GENERAL, H.NONE, False, False),
        ],
    },
    {
        "number": "深南市监刑移〔2026〕15号", "title": "销售假药案（涉堃某、镕某）", "kind": Case.Kind.CRIMINAL,
        "agency": "nanshan", "holder": ("辉瑞投资有限公司", "Pfizer Investment", "万艾可 / Viagra"),
        "place": "深圳市南山区某药店后仓", "summary": "犯罪嫌疑人张堃、刘镕销售假冒“万艾可”，已送检。",
        "items": [
            ("万艾可 枸橼酸西地那非片 100mg（假冒）", C.MEDICINES, "万艾可", U.BOX, 300, "9.0", "60",
             W.HAZARDOUS, H.TOXIC, False, True),
            ("未标注成分的蓝色药片（散装）", C.MEDICINES, "", U.BAG, 4, "2.4", "28", W.HAZARDOUS, H.TOXIC, False,
             True),
        ],
    },
]


def item_rows(case_spec: dict, copies: int):
    """Repeat each template ``copies`` times with small differences, as several cartons of a lot."""
    for index in range(copies):
        for (description, category, brand, unit, quantity, weight, value, stream, hazard, cold, secure) in (
            case_spec["items"]
        ):
            share = max(1, quantity // copies)
            yield {
                "description": f"{description} 第{index + 1}箱" if copies > 1 else description,
                "category": category, "brand": brand, "unit": unit,
                "quantity": Decimal(share), "weight_kg": (Decimal(weight) / copies).quantize(Decimal("0.001")),
                "estimated_value": Decimal(value) * share, "waste_stream": stream, "hazard_class": hazard,
                "needs_cold": cold, "needs_secure": secure,
                "seal_number": f"FT{2026_0000 + index * 7 + len(description):08d}",
            }
