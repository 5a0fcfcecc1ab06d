"""Reference and demo data for MONRE (Bộ Tài nguyên và Môi trường) as of 2021.

Pure standard-library module: no Django imports, so it can be used by data
migrations, management commands, factories and tests alike.

Provenance, in short (details next to each constant):

* Units under the Ministry follow Decree 36/2017/NĐ-CP (MONRE structure in force
  until Decree 68/2022/NĐ-CP) plus the public service units, state companies and
  boards that took part in the Ministry's emulation blocs in 2018-2022.
* Blocs (Khối) and clusters (Cụm): MONRE ran 7 Khối in 2022 (source below) and
  9 regional Cụm. Groupings not documented are marked ``is_demo=True``.
* Names, initiatives and targets are invented demo material.

All strings are Vietnamese in NFC form; a module-level check enforces it.
"""

import unicodedata
from typing import NamedTuple


class MinistryUnit(NamedTuple):
    code: str  # short ASCII slug, unique
    name: str  # full official Vietnamese name (2021)
    short_name: str
    bloc: str  # Bloc.code
    head_title: str  # title of the unit head


class Bloc(NamedTuple):
    code: str  # "KHOI-I" ...
    name: str
    is_demo: bool  # True when the grouping is not documented


class Cluster(NamedTuple):
    code: str  # "CUM-I" ...
    name: str
    is_demo: bool  # True when the membership is not documented


class Province(NamedTuple):
    code: str  # ASCII slug, unique
    name: str  # province or centrally-run city name
    region: str  # short Vietnamese region name
    cluster: str  # Cluster.code
    department_name: str  # full name of its Sở Tài nguyên và Môi trường


class GroupHeads(NamedTuple):
    group_code: str  # Bloc.code or Cluster.code
    head: str  # MinistryUnit.code (bloc) or Province.code (cluster)
    deputy: str  # same kind of code as head
    is_demo: bool  # True when the head or the deputy is invented


class InitiativeField(NamedTuple):
    code: str
    name: str


class InitiativeTitle(NamedTuple):
    title: str
    field: str  # InitiativeField.code


class TargetExample(NamedTuple):
    description: str
    planned_value: str  # kept as text, as it is typed in a registration form
    measure: str  # unit of measure: "%", "văn bản", "thủ tục", ...


# ---------------------------------------------------------------------------
# Emulation blocs (Khối thi đua) of the units under the Ministry
# ---------------------------------------------------------------------------
# Shape: tuple of Bloc(code, name, is_demo).
# MONRE had 7 Khối in 2022 (vmha.gov.vn news of 07/04/2022 on the 2022 Khối heads).
# Documented memberships:
# * Khối III = the 5 Tổng cục (dgmv.gov.vn, pact conference of 19/03/2021).
# * Khối IV = the 5 Cục + Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia
#   (dwrm.gov.vn, 2021 year-end review of 20/12/2021).
# * Khối VI = newspaper, magazine, publishing house, companies and the construction
#   project board (DOMAIN.md §4.2; vepf.vn news of 13/04/2018).
# Khối I, II, V and VII are inferred from the 2022 heads and deputies, so they stay demo.
BLOCS = (
    Bloc("KHOI-I", "Khối I - Các Vụ, Văn phòng Bộ và Thanh tra Bộ", True),
    Bloc("KHOI-II", "Khối II - Các văn phòng chuyên trách và quỹ", True),
    Bloc("KHOI-III", "Khối III - Các Tổng cục", False),
    Bloc(
        "KHOI-IV",
        "Khối IV - Các Cục và Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia",
        False,
    ),
    Bloc("KHOI-V", "Khối V - Các viện nghiên cứu", True),
    Bloc("KHOI-VI", "Khối VI - Báo chí, xuất bản, truyền thông và doanh nghiệp", False),
    Bloc("KHOI-VII", "Khối VII - Các cơ sở đào tạo", True),
)

# ---------------------------------------------------------------------------
# Units directly under the Ministry (2021)
# ---------------------------------------------------------------------------
# Shape: tuple of MinistryUnit(code, name, short_name, bloc, head_title).
# The emulation department (the reviewer of registrations) has code "VTDKT".
MINISTRY_UNITS = (
    # Khối I: advisory departments, Ministry Office, Ministry Inspectorate
    MinistryUnit("VKHTC", "Vụ Kế hoạch - Tài chính", "Vụ KH-TC", "KHOI-I", "Vụ trưởng"),
    MinistryUnit("VKHCN", "Vụ Khoa học và Công nghệ", "Vụ KHCN", "KHOI-I", "Vụ trưởng"),
    MinistryUnit("VHTQT", "Vụ Hợp tác quốc tế", "Vụ HTQT", "KHOI-I", "Vụ trưởng"),
    MinistryUnit("VPC", "Vụ Pháp chế", "Vụ PC", "KHOI-I", "Vụ trưởng"),
    MinistryUnit("VTCCB", "Vụ Tổ chức cán bộ", "Vụ TCCB", "KHOI-I", "Vụ trưởng"),
    MinistryUnit(
        "VTDKT",
        "Vụ Thi đua, Khen thưởng và Tuyên truyền",
        "Vụ TĐKT&TT",
        "KHOI-I",
        "Vụ trưởng",
    ),
    MinistryUnit("VPB", "Văn phòng Bộ", "Văn phòng Bộ", "KHOI-I", "Chánh Văn phòng"),
    MinistryUnit("TTB", "Thanh tra Bộ", "Thanh tra Bộ", "KHOI-I", "Chánh Thanh tra"),
    # Khối II: standing offices and the environment fund (membership inferred)
    MinistryUnit(
        "VPMC",
        "Văn phòng Thường trực Ủy ban sông Mê Công Việt Nam",
        "VPTT UBSMCVN",
        "KHOI-II",
        "Chánh Văn phòng",
    ),
    MinistryUnit(
        "VPHDTL",
        "Văn phòng Hội đồng Đánh giá trữ lượng khoáng sản quốc gia",
        "VP HĐĐGTLKSQG",
        "KHOI-II",
        "Chánh Văn phòng",
    ),
    MinistryUnit("QBVMT", "Quỹ Bảo vệ môi trường Việt Nam", "Quỹ BVMT VN", "KHOI-II", "Giám đốc"),
    # Khối III: general departments
    MinistryUnit("TCQLDD", "Tổng cục Quản lý đất đai", "TC QLĐĐ", "KHOI-III", "Tổng cục trưởng"),
    MinistryUnit("TCMT", "Tổng cục Môi trường", "TCMT", "KHOI-III", "Tổng cục trưởng"),
    MinistryUnit(
        "TCKTTV",
        "Tổng cục Khí tượng Thủy văn",
        "TC KTTV",
        "KHOI-III",
        "Tổng cục trưởng",
    ),
    MinistryUnit(
        "TCBHD",
        "Tổng cục Biển và Hải đảo Việt Nam",
        "TC BHĐVN",
        "KHOI-III",
        "Tổng cục trưởng",
    ),
    MinistryUnit(
        "TCDCKS",
        "Tổng cục Địa chất và Khoáng sản Việt Nam",
        "TC ĐCKSVN",
        "KHOI-III",
        "Tổng cục trưởng",
    ),
    # Khối IV: departments (Cục) and the national water-resources centre
    MinistryUnit("CQLTNN", "Cục Quản lý tài nguyên nước", "Cục QLTNN", "KHOI-IV", "Cục trưởng"),
    MinistryUnit("CBDKH", "Cục Biến đổi khí hậu", "Cục BĐKH", "KHOI-IV", "Cục trưởng"),
    MinistryUnit(
        "CDDBD",
        "Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam",
        "Cục ĐĐBĐ&TTĐLVN",
        "KHOI-IV",
        "Cục trưởng",
    ),
    MinistryUnit("CVTQG", "Cục Viễn thám quốc gia", "Cục VTQG", "KHOI-IV", "Cục trưởng"),
    MinistryUnit(
        "CCNTT",
        "Cục Công nghệ thông tin và Dữ liệu tài nguyên môi trường",
        "Cục CNTT&DL",
        "KHOI-IV",
        "Cục trưởng",
    ),
    MinistryUnit(
        "TTQHTNN",
        "Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia",
        "TT QH&ĐT TNNQG",
        "KHOI-IV",
        "Tổng Giám đốc",  # the centre's head is styled Tổng Giám đốc (nawapi.gov.vn)
    ),
    # Khối V: research institutes
    MinistryUnit(
        "VCLCS",
        "Viện Chiến lược, Chính sách tài nguyên và môi trường",
        "Viện CL,CS TN&MT",
        "KHOI-V",
        "Viện trưởng",
    ),
    MinistryUnit(
        "VKTTV",
        "Viện Khoa học Khí tượng Thủy văn và Biến đổi khí hậu",
        "Viện KH KTTV&BĐKH",
        "KHOI-V",
        "Viện trưởng",
    ),
    MinistryUnit(
        "VKHDDBD",
        "Viện Khoa học Đo đạc và Bản đồ",
        "Viện KH ĐĐ&BĐ",
        "KHOI-V",
        "Viện trưởng",
    ),
    MinistryUnit(
        "VKHDCKS",
        "Viện Khoa học Địa chất và Khoáng sản",
        "Viện KH ĐC&KS",
        "KHOI-V",
        "Viện trưởng",
    ),
    # Khối VI: press, publishing, communication, construction board, companies
    MinistryUnit(
        "BAOTNMT",
        "Báo Tài nguyên và Môi trường",
        "Báo TN&MT",
        "KHOI-VI",
        "Tổng Biên tập",
    ),
    MinistryUnit(
        "TAPCHI",
        "Tạp chí Tài nguyên và Môi trường",
        "Tạp chí TN&MT",
        "KHOI-VI",
        "Tổng Biên tập",
    ),
    MinistryUnit(
        "NXB",
        "Nhà xuất bản Tài nguyên - Môi trường và Bản đồ Việt Nam",
        "NXB TN-MT&BĐVN",
        "KHOI-VI",
        "Tổng Giám đốc",  # styled so in MONRE news of 2018 (vepf.vn)
    ),
    MinistryUnit(
        "TTTT",
        "Trung tâm Truyền thông tài nguyên và môi trường",
        "TT Truyền thông TN&MT",
        "KHOI-VI",
        "Giám đốc",
    ),
    MinistryUnit(
        "BQLDA",
        "Ban Quản lý dự án Đầu tư xây dựng",
        "Ban QLDA ĐTXD",
        "KHOI-VI",
        "Giám đốc",
    ),
    MinistryUnit(
        "CTTNMTVN",
        "Công ty Trách nhiệm hữu hạn một thành viên Tài nguyên và Môi trường Việt Nam",
        "Công ty TNHH MTV TN&MT Việt Nam",
        "KHOI-VI",
        "Tổng Giám đốc",
    ),
    MinistryUnit(
        "CTTNMTMN",
        "Công ty Trách nhiệm hữu hạn một thành viên Tài nguyên và Môi trường miền Nam",
        "Công ty TNHH MTV TN&MT miền Nam",
        "KHOI-VI",
        "Giám đốc",
    ),
    # Khối VII: training institutions
    MinistryUnit(
        "DHHN",
        "Trường Đại học Tài nguyên và Môi trường Hà Nội",
        "Trường ĐH TN&MT Hà Nội",
        "KHOI-VII",
        "Hiệu trưởng",
    ),
    MinistryUnit(
        "DHHCM",
        "Trường Đại học Tài nguyên và Môi trường Thành phố Hồ Chí Minh",
        "Trường ĐH TN&MT TP.HCM",
        "KHOI-VII",
        "Hiệu trưởng",
    ),
    MinistryUnit(
        "TDTBD",
        "Trường Đào tạo, bồi dưỡng cán bộ tài nguyên và môi trường",
        "Trường ĐT, BD cán bộ TN&MT",
        "KHOI-VII",
        "Hiệu trưởng",
    ),
)

# ---------------------------------------------------------------------------
# Emulation clusters (Cụm thi đua) of the provincial Departments
# ---------------------------------------------------------------------------
# Shape: tuple of Cluster(code, name, is_demo).
# Documented (DOMAIN.md §4.2): Cụm I, II, IV (Nghệ An and Thừa Thiên Huế added to
# the four reported members), VIII. The descriptive suffix of each name is ours.
CLUSTERS = (
    Cluster("CUM-I", "Cụm thi đua I - Đồng bằng sông Hồng", False),
    Cluster("CUM-II", "Cụm thi đua II - Đông Bắc Bộ", False),
    Cluster("CUM-III", "Cụm thi đua III - Tây Bắc Bộ", True),
    Cluster("CUM-IV", "Cụm thi đua IV - Bắc Trung Bộ", False),
    Cluster("CUM-V", "Cụm thi đua V - Duyên hải Nam Trung Bộ", True),
    Cluster("CUM-VI", "Cụm thi đua VI - Tây Nguyên", True),
    Cluster("CUM-VII", "Cụm thi đua VII - Đông Nam Bộ", True),
    Cluster(
        "CUM-VIII",
        "Cụm thi đua VIII - Đồng bằng sông Cửu Long (khu vực sông Tiền)",
        False,
    ),
    Cluster(
        "CUM-IX",
        "Cụm thi đua IX - Đồng bằng sông Cửu Long (khu vực sông Hậu và bán đảo Cà Mau)",
        True,
    ),
)

# ---------------------------------------------------------------------------
# The 63 provinces and centrally-run cities (2021, before the 2025 mergers)
# ---------------------------------------------------------------------------
_DEPARTMENT_PREFIX = "Sở Tài nguyên và Môi trường"
_CITY = "thành phố"  # centrally-run city (Hà Nội, Hải Phòng, Đà Nẵng, Cần Thơ)
_PROVINCE = "tỉnh"


def _province(code: str, name: str, kind: str | None, region: str, cluster: str) -> Province:
    """Build a Province; ``kind`` is None when ``name`` already carries it (TP.HCM)."""
    qualified = f"{kind} {name}" if kind else name
    return Province(code, name, region, cluster, f"{_DEPARTMENT_PREFIX} {qualified}")


_DBSH = "Đồng bằng sông Hồng"
_DONG_BAC = "Đông Bắc Bộ"
_TAY_BAC = "Tây Bắc Bộ"
_BAC_TRUNG_BO = "Bắc Trung Bộ"
_NAM_TRUNG_BO = "Duyên hải Nam Trung Bộ"
_TAY_NGUYEN = "Tây Nguyên"
_DONG_NAM_BO = "Đông Nam Bộ"
_DBSCL = "Đồng bằng sông Cửu Long"

# Shape: tuple of Province(code, name, region, cluster, department_name).
PROVINCES = (
    # Cụm I: the 10 Red River Delta provinces (documented)
    _province("HNI", "Hà Nội", _CITY, _DBSH, "CUM-I"),
    _province("HPG", "Hải Phòng", _CITY, _DBSH, "CUM-I"),
    _province("HNM", "Hà Nam", _PROVINCE, _DBSH, "CUM-I"),
    _province("HDG", "Hải Dương", _PROVINCE, _DBSH, "CUM-I"),
    _province("HYN", "Hưng Yên", _PROVINCE, _DBSH, "CUM-I"),
    _province("NDH", "Nam Định", _PROVINCE, _DBSH, "CUM-I"),
    _province("TBH", "Thái Bình", _PROVINCE, _DBSH, "CUM-I"),
    _province("NBH", "Ninh Bình", _PROVINCE, _DBSH, "CUM-I"),
    _province("VPH", "Vĩnh Phúc", _PROVINCE, _DBSH, "CUM-I"),
    _province("BNH", "Bắc Ninh", _PROVINCE, _DBSH, "CUM-I"),
    # Cụm II: 9 north-eastern provinces (documented, Decision 395/QĐ-BTNMT of 2022)
    _province("BGG", "Bắc Giang", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("BKN", "Bắc Kạn", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("CBG", "Cao Bằng", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("LSN", "Lạng Sơn", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("TNN", "Thái Nguyên", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("TQG", "Tuyên Quang", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("HGG", "Hà Giang", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("PTO", "Phú Thọ", _PROVINCE, _DONG_BAC, "CUM-II"),
    _province("QNH", "Quảng Ninh", _PROVINCE, _DONG_BAC, "CUM-II"),
    # Cụm III: north-west (demo)
    _province("LCI", "Lào Cai", _PROVINCE, _TAY_BAC, "CUM-III"),
    _province("YBI", "Yên Bái", _PROVINCE, _TAY_BAC, "CUM-III"),
    _province("DBN", "Điện Biên", _PROVINCE, _TAY_BAC, "CUM-III"),
    _province("LCU", "Lai Châu", _PROVINCE, _TAY_BAC, "CUM-III"),
    _province("SLA", "Sơn La", _PROVINCE, _TAY_BAC, "CUM-III"),
    _province("HBH", "Hòa Bình", _PROVINCE, _TAY_BAC, "CUM-III"),
    # Cụm IV: North Central (documented as 6 members; Nghệ An and Thừa Thiên Huế inferred)
    _province("THA", "Thanh Hóa", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    _province("NAN", "Nghệ An", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    _province("HTH", "Hà Tĩnh", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    _province("QBH", "Quảng Bình", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    _province("QTI", "Quảng Trị", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    _province("TTH", "Thừa Thiên Huế", _PROVINCE, _BAC_TRUNG_BO, "CUM-IV"),
    # Cụm V: South Central Coast (demo)
    _province("DNG", "Đà Nẵng", _CITY, _NAM_TRUNG_BO, "CUM-V"),
    _province("QNM", "Quảng Nam", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("QNG", "Quảng Ngãi", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("BDH", "Bình Định", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("PYN", "Phú Yên", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("KHA", "Khánh Hòa", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("NTN", "Ninh Thuận", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    _province("BTN", "Bình Thuận", _PROVINCE, _NAM_TRUNG_BO, "CUM-V"),
    # Cụm VI: Central Highlands (demo)
    _province("KTM", "Kon Tum", _PROVINCE, _TAY_NGUYEN, "CUM-VI"),
    _province("GLI", "Gia Lai", _PROVINCE, _TAY_NGUYEN, "CUM-VI"),
    _province("DLK", "Đắk Lắk", _PROVINCE, _TAY_NGUYEN, "CUM-VI"),
    _province("DKN", "Đắk Nông", _PROVINCE, _TAY_NGUYEN, "CUM-VI"),
    _province("LDG", "Lâm Đồng", _PROVINCE, _TAY_NGUYEN, "CUM-VI"),
    # Cụm VII: South East (demo)
    _province("HCM", "Thành phố Hồ Chí Minh", None, _DONG_NAM_BO, "CUM-VII"),
    _province("BDG", "Bình Dương", _PROVINCE, _DONG_NAM_BO, "CUM-VII"),
    _province("BPC", "Bình Phước", _PROVINCE, _DONG_NAM_BO, "CUM-VII"),
    _province("DNI", "Đồng Nai", _PROVINCE, _DONG_NAM_BO, "CUM-VII"),
    _province("TNH", "Tây Ninh", _PROVINCE, _DONG_NAM_BO, "CUM-VII"),
    _province("BRV", "Bà Rịa - Vũng Tàu", _PROVINCE, _DONG_NAM_BO, "CUM-VII"),
    # Cụm VIII: documented members
    _province("TGG", "Tiền Giang", _PROVINCE, _DBSCL, "CUM-VIII"),
    _province("LAN", "Long An", _PROVINCE, _DBSCL, "CUM-VIII"),
    _province("BTE", "Bến Tre", _PROVINCE, _DBSCL, "CUM-VIII"),
    _province("DTP", "Đồng Tháp", _PROVINCE, _DBSCL, "CUM-VIII"),
    _province("TVH", "Trà Vinh", _PROVINCE, _DBSCL, "CUM-VIII"),
    # Cụm IX: rest of the Mekong Delta (demo)
    _province("CTO", "Cần Thơ", _CITY, _DBSCL, "CUM-IX"),
    _province("VLG", "Vĩnh Long", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("AGG", "An Giang", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("KGG", "Kiên Giang", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("HUG", "Hậu Giang", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("STG", "Sóc Trăng", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("BLU", "Bạc Liêu", _PROVINCE, _DBSCL, "CUM-IX"),
    _province("CMU", "Cà Mau", _PROVINCE, _DBSCL, "CUM-IX"),
)

PROVINCIAL_DEPARTMENT_HEAD_TITLE = "Giám đốc"

# ---------------------------------------------------------------------------
# 2021 heads and deputies of each bloc and cluster
# ---------------------------------------------------------------------------
# Shape: tuple of GroupHeads(group_code, head, deputy, is_demo); head/deputy are
# MinistryUnit codes for blocs and Province codes for clusters.
# Only two 2021 bloc heads are documented: Khối III was led by Tổng cục Địa chất và
# Khoáng sản Việt Nam (dgmv.gov.vn, 19/03/2021) and Khối IV by Cục Viễn thám quốc gia
# (dwrm.gov.vn, 20/12/2021). Every deputy and every other head is invented, chosen
# to be consistent with the documented rotation of other years (DOMAIN.md §4.2 and
# the 2022 bloc heads), so every row is is_demo=True.
GROUP_HEADS_2021 = (
    GroupHeads("KHOI-I", "VHTQT", "VPC", True),
    GroupHeads("KHOI-II", "QBVMT", "VPMC", True),
    # Khối III and IV: head documented, deputy invented
    GroupHeads("KHOI-III", "TCDCKS", "TCKTTV", True),
    GroupHeads("KHOI-IV", "CVTQG", "CQLTNN", True),
    GroupHeads("KHOI-V", "VKTTV", "VCLCS", True),
    GroupHeads("KHOI-VI", "BAOTNMT", "CTTNMTMN", True),
    GroupHeads("KHOI-VII", "DHHN", "TDTBD", True),
    GroupHeads("CUM-I", "NDH", "HPG", True),  # Hải Phòng was head in 2022
    GroupHeads("CUM-II", "TNN", "QNH", True),
    GroupHeads("CUM-III", "SLA", "LCI", True),
    GroupHeads("CUM-IV", "THA", "NAN", True),  # 2020: head Quảng Bình, deputy Thanh Hóa
    GroupHeads("CUM-V", "DNG", "KHA", True),
    GroupHeads("CUM-VI", "LDG", "DLK", True),
    GroupHeads("CUM-VII", "BDG", "DNI", True),
    GroupHeads("CUM-VIII", "BTE", "DTP", True),  # 2023: head Tiền Giang, deputy Long An
    GroupHeads("CUM-IX", "CTO", "AGG", True),
)

# ---------------------------------------------------------------------------
# Name material for demo staff
# ---------------------------------------------------------------------------
# Shape: tuple of (surname, weight); weights are rough shares per thousand people.
FAMILY_NAMES = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Phan", 45),
    ("Hoàng", 31),
    ("Vũ", 25),
    ("Đặng", 21),
    ("Huỳnh", 20),
    ("Bùi", 20),
    ("Võ", 14),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Đinh", 8),
    ("Đào", 7),
    ("Trịnh", 6),
    ("Lý", 5),
    ("Mai", 5),
    ("Lương", 5),
    ("Hà", 4),
    ("Cao", 4),
    ("Lưu", 4),
)

# Shape: tuple of str. "Văn" and "Thị" come first: they are the most frequent,
# especially among older staff.
MIDDLE_NAMES_MALE = (
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Trọng", "Công", "Mạnh",
    "Ngọc", "Duy", "Hoàng", "Đình", "Tiến", "Thế", "Bá", "Quốc", "Anh", "Hải",
    "Việt", "Trung",
)  # fmt: skip

# Shape: tuple of str.
MIDDLE_NAMES_FEMALE = (
    "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Thùy", "Phương", "Bích", "Diệu",
    "Kim", "Mai", "Hải", "Khánh", "Hoài", "Quỳnh", "Lan", "Thúy", "Hương", "Vân",
    "Tuyết", "Ánh",
)  # fmt: skip

# Shape: tuple of str (given names, the last word of a Vietnamese full name).
GIVEN_NAMES_MALE = (
    "Anh", "Bình", "Cường", "Dũng", "Duy", "Dương", "Đạt", "Định", "Đông", "Đức",
    "Giang", "Hải", "Hiếu", "Hiển", "Hoàng", "Hùng", "Huy", "Hưng", "Khải", "Khánh",
    "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh",
    "Thuận", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
)  # fmt: skip

# Shape: tuple of str.
GIVEN_NAMES_FEMALE = (
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
    "Hiền", "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh",
    "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
    "Quyên", "Quỳnh", "Tâm", "Thảo", "Thoa", "Thu", "Thủy", "Trang", "Tuyết", "Vân",
    "Xuân", "Yến",
)  # fmt: skip

# ---------------------------------------------------------------------------
# Staff positions (below the unit head) for a unit of about 30 people
# ---------------------------------------------------------------------------
# Shape: tuple of (position title, headcount). The head itself is not listed.
# The deputy row says "Phó Vụ trưởng"; for other kinds of unit use
# positions_for_ministry_unit(head_title), which derives "Phó <head title>".
POSITIONS_MINISTRY_UNIT = (
    ("Phó Vụ trưởng", 2),
    ("Trưởng phòng", 4),
    ("Phó Trưởng phòng", 5),
    ("Chuyên viên cao cấp", 1),
    ("Chuyên viên chính", 6),
    ("Chuyên viên", 9),
    ("Kế toán", 1),
    ("Văn thư", 1),
)

# Shape: tuple of (position title, headcount). The Giám đốc is not listed.
POSITIONS_PROVINCIAL_DEPARTMENT = (
    ("Phó Giám đốc", 3),
    ("Chánh Văn phòng Sở", 1),
    ("Chánh Thanh tra Sở", 1),
    ("Chi cục trưởng", 2),  # Chi cục Bảo vệ môi trường, Chi cục Quản lý đất đai
    ("Trưởng phòng", 4),
    ("Phó Chánh Văn phòng Sở", 1),
    ("Phó Trưởng phòng", 4),
    ("Chuyên viên chính", 5),
    ("Chuyên viên", 6),
    ("Kế toán", 1),
    ("Văn thư", 1),
)


def positions_for_ministry_unit(head_title: str) -> tuple[tuple[str, int], ...]:
    """Return POSITIONS_MINISTRY_UNIT with the deputy title matching ``head_title``.

    "Cục trưởng" gives "Phó Cục trưởng", "Chánh Văn phòng" gives "Phó Chánh Văn
    phòng", "Tổng Biên tập" gives "Phó Tổng Biên tập", and so on.
    """
    _, deputies = POSITIONS_MINISTRY_UNIT[0]
    return ((f"Phó {head_title}", deputies), *POSITIONS_MINISTRY_UNIT[1:])


# ---------------------------------------------------------------------------
# Initiatives (sáng kiến)
# ---------------------------------------------------------------------------
# Shape: tuple of InitiativeField(code, name).
INITIATIVE_FIELDS = (
    InitiativeField("QLDD", "Quản lý đất đai"),
    InitiativeField("TNN", "Tài nguyên nước"),
    InitiativeField("DCKS", "Địa chất và khoáng sản"),
    InitiativeField("BVMT", "Bảo vệ môi trường"),
    InitiativeField("KTTV", "Khí tượng thủy văn"),
    InitiativeField("BDKH", "Biến đổi khí hậu"),
    InitiativeField("BHD", "Biển và hải đảo"),
    InitiativeField("DDBD", "Đo đạc, bản đồ và viễn thám"),
    InitiativeField("CDS", "Chuyển đổi số"),
    InitiativeField("CCHC", "Cải cách hành chính"),
    InitiativeField("TDKT", "Thi đua, khen thưởng và truyền thông"),
)

# Shape: tuple of InitiativeTitle(title, field) with field = InitiativeField.code.
INITIATIVE_TITLES = (
    InitiativeTitle(
        "Ứng dụng phần mềm quản lý hồ sơ địa chính trên nền tảng số tại Văn phòng đăng ký đất đai",
        "QLDD",
    ),
    InitiativeTitle(
        "Liên thông điện tử với cơ quan thuế để rút ngắn thời gian đăng ký biến động đất đai",
        "QLDD",
    ),
    InitiativeTitle(
        "Xây dựng bản đồ giá đất trực tuyến phục vụ rà soát, điều chỉnh bảng giá đất",
        "QLDD",
    ),
    InitiativeTitle(
        "Giám sát tự động, trực tuyến việc vận hành và xả nước tối thiểu của các hồ chứa thủy điện",
        "TNN",
    ),
    InitiativeTitle(
        "Bộ công cụ hỗ trợ thẩm định hồ sơ cấp giấy phép khai thác nước dưới đất",
        "TNN",
    ),
    InitiativeTitle(
        "Ứng dụng mô hình dự báo xâm nhập mặn phục vụ vận hành công trình cấp nước vùng ven biển",
        "TNN",
    ),
    InitiativeTitle(
        "Ứng dụng ảnh viễn thám và thiết bị bay không người lái trong kiểm tra hoạt động khai thác khoáng sản",
        "DCKS",
    ),
    InitiativeTitle(
        "Số hóa tài liệu địa chất lưu trữ phục vụ khai thác, chia sẻ dữ liệu trực tuyến",
        "DCKS",
    ),
    InitiativeTitle(
        "Xác định sản lượng khoáng sản khai thác thực tế bằng công nghệ quét laser mặt đất",
        "DCKS",
    ),
    InitiativeTitle(
        "Tiếp nhận, xử lý phản ánh về ô nhiễm môi trường qua ứng dụng trên điện thoại di động",
        "BVMT",
    ),
    InitiativeTitle(
        "Kết nối, truyền dữ liệu quan trắc nước thải tự động, liên tục về Sở Tài nguyên và Môi trường",
        "BVMT",
    ),
    InitiativeTitle(
        "Mô hình phân loại chất thải rắn sinh hoạt tại nguồn ở khu dân cư đô thị",
        "BVMT",
    ),
    InitiativeTitle(
        "Ứng dụng số liệu ra đa thời tiết trong cảnh báo mưa lớn cực ngắn cho khu vực miền núi",
        "KTTV",
    ),
    InitiativeTitle(
        "Tự động hóa kiểm soát chất lượng số liệu quan trắc tại trạm khí tượng bề mặt",
        "KTTV",
    ),
    InitiativeTitle(
        "Bản tin dự báo khí tượng thủy văn chuyên đề phục vụ sản xuất nông nghiệp cấp huyện",
        "KTTV",
    ),
    InitiativeTitle(
        "Bộ chỉ số đánh giá mức độ dễ bị tổn thương do biến đổi khí hậu cấp tỉnh",
        "BDKH",
    ),
    InitiativeTitle(
        "Hướng dẫn trực tuyến hỗ trợ cơ sở thực hiện kiểm kê khí nhà kính",
        "BDKH",
    ),
    InitiativeTitle(
        "Ứng dụng WebGIS trong quản lý hành lang bảo vệ bờ biển",
        "BHD",
    ),
    InitiativeTitle(
        "Phát hiện sớm sự cố tràn dầu trên biển bằng ảnh vệ tinh ra đa",
        "BHD",
    ),
    InitiativeTitle(
        "Cập nhật cơ sở dữ liệu nền địa lý tỷ lệ lớn từ ảnh chụp bằng thiết bị bay không người lái",
        "DDBD",
    ),
    InitiativeTitle(
        "Ứng dụng hệ thống trạm định vị vệ tinh quốc gia trong đo đạc chỉnh lý bản đồ địa chính",
        "DDBD",
    ),
    InitiativeTitle(
        "Xử lý ảnh viễn thám độ phân giải cao phục vụ giám sát biến động sử dụng đất",
        "DDBD",
    ),
    InitiativeTitle(
        "Kho dữ liệu tài nguyên và môi trường dùng chung kết nối với hệ thống giải quyết thủ tục hành chính",
        "CDS",
    ),
    InitiativeTitle(
        "Ứng dụng chữ ký số trong phát hành, lưu trữ văn bản điện tử tại đơn vị",
        "CDS",
    ),
    InitiativeTitle(
        "Hệ thống theo dõi, đôn đốc tiến độ thực hiện nhiệm vụ được giao trên nền tảng số",
        "CDS",
    ),
    InitiativeTitle(
        "Cắt giảm thành phần hồ sơ và thời gian giải quyết thủ tục hành chính lĩnh vực môi trường",
        "CCHC",
    ),
    InitiativeTitle(
        "Cung cấp dịch vụ công trực tuyến mức độ 4 đối với thủ tục cấp giấy phép khai thác khoáng sản",
        "CCHC",
    ),
    InitiativeTitle(
        "Số hóa kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa",
        "CCHC",
    ),
    InitiativeTitle(
        "Phần mềm quản lý hồ sơ thi đua, khen thưởng và theo dõi danh hiệu của công chức, viên chức",
        "TDKT",
    ),
    InitiativeTitle(
        "Đổi mới cách tuyên truyền điển hình tiên tiến ngành tài nguyên và môi trường trên mạng xã hội",
        "TDKT",
    ),
)

# ---------------------------------------------------------------------------
# Example registration targets (chỉ tiêu thi đua)
# ---------------------------------------------------------------------------
# Shape: tuple of TargetExample(description, planned_value, measure), one per
# collective criterion of the 2021 launch letter, section III.1, in the same order.
TARGET_EXAMPLES = (
    # 1. Launch the movement, register targets and initiatives, cultural activities
    TargetExample(
        "Số sáng kiến, giải pháp đổi mới sáng tạo về cải cách hành chính, ứng dụng công nghệ thông tin được đăng ký",
        "3",
        "sáng kiến",
    ),
    # 2. Approved annual programme completed 100%, law-drafting and disbursement on schedule
    TargetExample(
        "Tỷ lệ nhiệm vụ trong chương trình công tác năm được phê duyệt hoàn thành đúng tiến độ",
        "100",
        "%",
    ),
    # 3. Administrative reform plan; online public services at level 3 and 4
    TargetExample(
        "Tỷ lệ thủ tục hành chính cung cấp trực tuyến mức độ 3, 4",
        "100",
        "%",
    ),
    # 4. Administrative discipline and office culture
    TargetExample(
        "Số trường hợp vi phạm kỷ luật, kỷ cương hành chính và quy định văn hóa công sở",
        "0",
        "trường hợp",
    ),
    # 5. Unity, compliance, thrift, anti-waste and anti-corruption
    TargetExample(
        "Tỷ lệ tiết kiệm chi thường xuyên so với dự toán được giao",
        "10",
        "%",
    ),
)


# ---------------------------------------------------------------------------
# Consistency checks (run at import; cheap)
# ---------------------------------------------------------------------------
def _codes(rows) -> list[str]:
    return [row.code for row in rows]


def _iter_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _iter_strings(item)


_BLOC_CODES = set(_codes(BLOCS))
_CLUSTER_CODES = set(_codes(CLUSTERS))
_UNIT_BLOC = {unit.code: unit.bloc for unit in MINISTRY_UNITS}
_PROVINCE_CLUSTER = {province.code: province.cluster for province in PROVINCES}

assert len(PROVINCES) == 63, f"expected 63 provinces, got {len(PROVINCES)}"
assert len(_PROVINCE_CLUSTER) == 63, "province codes must be unique"
assert len(_UNIT_BLOC) == len(MINISTRY_UNITS), "unit codes must be unique"
assert len(_BLOC_CODES) == len(BLOCS) and len(_CLUSTER_CODES) == len(CLUSTERS)
assert "VTDKT" in _UNIT_BLOC
assert not set(_UNIT_BLOC) & set(_PROVINCE_CLUSTER), "unit and province codes share one namespace"
# Every province in exactly one (existing) cluster, every cluster non-empty;
# same for units and blocs.
assert set(_PROVINCE_CLUSTER.values()) == _CLUSTER_CODES
assert set(_UNIT_BLOC.values()) == _BLOC_CODES
assert len({p.department_name for p in PROVINCES}) == 63
assert {g.group_code for g in GROUP_HEADS_2021} == _BLOC_CODES | _CLUSTER_CODES
assert len(GROUP_HEADS_2021) == len(BLOCS) + len(CLUSTERS)
for _g in GROUP_HEADS_2021:
    _members = _UNIT_BLOC if _g.group_code in _BLOC_CODES else _PROVINCE_CLUSTER
    assert _g.head != _g.deputy, _g
    assert _members.get(_g.head) == _g.group_code, _g
    assert _members.get(_g.deputy) == _g.group_code, _g
assert {t.field for t in INITIATIVE_TITLES} <= set(_codes(INITIATIVE_FIELDS))
assert len(TARGET_EXAMPLES) == 5
assert all(
    unicodedata.is_normalized("NFC", s)
    for s in _iter_strings(
        (
            BLOCS,
            MINISTRY_UNITS,
            CLUSTERS,
            PROVINCES,
            FAMILY_NAMES,
            MIDDLE_NAMES_MALE,
            MIDDLE_NAMES_FEMALE,
            GIVEN_NAMES_MALE,
            GIVEN_NAMES_FEMALE,
            POSITIONS_MINISTRY_UNIT,
            POSITIONS_PROVINCIAL_DEPARTMENT,
            INITIATIVE_FIELDS,
            INITIATIVE_TITLES,
            TARGET_EXAMPLES,
        )
    )
), "all data strings must be NFC-normalised"
del _g, _members
