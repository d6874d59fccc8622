"""Plain words for each criterion of Phụ lục II: ``explain``, ``evidence`` and ``council``.

Used by ``gen_criteria.py``. The same criterion title recurs across the 26 sheets, so the
table is keyed by the folded title (no diacritics, lower case); a few entries are keyed by
(set, number) where one sheet's criterion differs. Every sentence says what the criterion's
own text and options say, in fewer words; it adds no rule. ``evidence`` names the papers
that usually show it ("ví dụ" where the decision does not list them).

``council`` is true where the council judges the product itself (tasting, looks, uniqueness,
the story's quality): a producer may skip those and get a range.
"""

from __future__ import annotations

from typing import Any

from criteria_explain_c import PART_C
from criteria_plain import STORY, Plain, fold

_PART_AB: dict[str, Plain] = {
    # ---- Phần A: tổ chức sản xuất
    "Nguồn gốc sản phẩm": Plain(
        "Bao nhiêu phần sản phẩm được trồng/nuôi (đánh bắt) trên địa bàn xã: tỷ lệ càng cao "
        "điểm càng cao.",
        "Giấy tờ về vùng trồng/nuôi và sản lượng (ví dụ: bản kê diện tích, sổ ghi chép, hợp "
        "đồng thu mua).",
    ),
    "Nguồn nguyên liệu": Plain(
        "Bao nhiêu phần nguyên liệu có nguồn gốc trong tỉnh: từ 75% trở lên được điểm cao nhất.",
        "Hợp đồng, hóa đơn mua nguyên liệu ghi rõ nơi cung cấp; giấy tờ vùng nguyên liệu của "
        "cơ sở.",
    ),
    "Vùng nguyên liệu được cấp chứng nhận chất lượng": Plain(
        "Vùng nguyên liệu có giấy chứng nhận chất lượng không: theo tiêu chuẩn quốc gia "
        "(VietGAP, hữu cơ…) hay tiêu chuẩn quốc tế (GlobalGAP, hữu cơ…).",
        "Giấy chứng nhận VietGAP, hữu cơ, GlobalGAP… của vùng nguyên liệu, còn hiệu lực.",
    ),
    "Vùng sản xuất được cấp chứng nhận chất lượng": Plain(
        "Vùng sản xuất có giấy chứng nhận chất lượng không: theo tiêu chuẩn quốc gia "
        "(VietGAP, hữu cơ…) hay tiêu chuẩn quốc tế (ASC, BAP, GlobalGAP, MSC…).",
        "Giấy chứng nhận VietGAP, hữu cơ, ASC, BAP, GlobalGAP… của vùng sản xuất, còn hiệu lực.",
    ),
    "Gia tăng giá trị": Plain(
        "Sản phẩm được làm thêm giá trị đến đâu: từ khâu đơn giản, thủ công đến áp dụng máy "
        "móc, công nghệ hoặc kỹ thuật tay nghề cao (từng mức ghi ở các phương án).",
        "Mô tả quy trình sản xuất; ảnh hoặc danh mục máy móc, thiết bị, công nghệ đang dùng.",
    ),
    "Năng lực sản xuất đáp ứng yêu cầu phân phối": Plain(
        "Quy mô, sản lượng (hoặc giá trị sản xuất) của cơ sở so với mức trung bình của các cơ "
        "sở cùng loại ở địa phương: nhỏ, trung bình hay lớn.",
        "Số liệu sản lượng hoặc giá trị sản xuất gần nhất (sổ sách, báo cáo, hóa đơn bán hàng).",
    ),
    "Liên kết sản xuất": Plain(
        "Hợp đồng liên kết chiếm bao nhiêu phần sản lượng tiêu thụ, và đã thực hiện ổn định "
        "bao lâu (từ 12 tháng trở lên được điểm cao nhất).",
        "Hợp đồng liên kết và chứng từ thực hiện hợp đồng (hóa đơn, biên bản giao nhận, thanh lý).",
    ),
    "Bảo vệ môi trường trong quá trình sản xuất": Plain(
        "Có hồ sơ, thủ tục về môi trường theo quy định không; thêm điểm khi có công trình thu "
        "gom, xử lý chất thải và dùng bao gói thân thiện với môi trường.",
        "Hồ sơ, thủ tục môi trường của cơ sở; hồ sơ công trình thu gom, xử lý chất thải; giấy "
        "tờ về bao gói thân thiện môi trường.",
    ),
    "Sử dụng công nghệ theo hướng bền vững trong sản xuất": Plain(
        "Có áp dụng công nghệ bền vững không: tiết kiệm nguyên liệu, nhiên liệu; xử lý, tái chế "
        "chất thải; tận dụng, tái chế phụ phẩm nông nghiệp.",
        "Mô tả, ảnh hoặc hồ sơ thiết bị, công nghệ tiết kiệm, xử lý hoặc tái chế đang dùng.",
    ),
    # ---- Phần A: phát triển sản phẩm
    "Nguồn gốc ý tưởng sản phẩm": Plain(
        "Sản phẩm phổ biến ở nhiều nơi hay là sản phẩm đặc trưng, đặc sản của địa phương với "
        "chất lượng nổi trội (các mức, kể cả gắn với chỉ dẫn nguồn gốc địa lý, ghi ở phương án).",
        "Giấy tờ chỉ dẫn địa lý hoặc văn bản cho phép sử dụng (nếu có); tài liệu về nguồn gốc, "
        "tính đặc trưng của sản phẩm.",
    ),
    "Đóng gói, bao bì sản phẩm": Plain(
        "Cách đóng gói và bao bì: từ không có bao bì, bao bì đơn giản đến đóng gói sáng tạo, "
        "tiện lợi, bao bì đẹp, sang trọng.",
        "Mẫu sản phẩm đã đóng gói hoặc ảnh bao bì.",
    ),
    "Phong cách, ghi nhãn hàng hóa": Plain(
        "Nhãn có đầy đủ, đúng quy định không; thêm điểm khi nhãn đẹp, kể được câu chuyện sản "
        "phẩm và có mã truy xuất nguồn gốc điện tử.",
        "Nhãn sản phẩm (mẫu hoặc ảnh); mã truy xuất nguồn gốc điện tử nếu có.",
    ),
    "Bao bì, ghi nhãn sản phẩm": Plain(
        "Nhãn có đầy đủ, đúng quy định không; thêm điểm khi nhãn đẹp, kể được câu chuyện sản "
        "phẩm và có mã truy xuất nguồn gốc điện tử.",
        "Nhãn, bao bì sản phẩm (mẫu hoặc ảnh); mã truy xuất nguồn gốc điện tử nếu có.",
    ),
    "Phong cách, ghi nhãn sản phẩm (tem, nhãn gắn trên sản phẩm)": Plain(
        "Tem, nhãn có đủ thông tin, thuyết minh về sản phẩm không; thêm điểm khi ấn tượng, kể "
        "được câu chuyện sản phẩm và có mã truy xuất nguồn gốc điện tử.",
        "Tem, nhãn gắn trên sản phẩm (mẫu hoặc ảnh); mã truy xuất nguồn gốc điện tử nếu có.",
    ),
    "Ghi nhãn hàng hóa có sử dụng song ngữ (Việt - Anh hoặc ngôn ngữ nước ngoài khác)": Plain(
        "Nhãn có ghi song ngữ không: tiếng Việt và tiếng Anh hoặc một tiếng nước ngoài khác.",
        "Nhãn sản phẩm có song ngữ (mẫu hoặc ảnh).",
    ),
    # ---- Phần A: sức mạnh cộng đồng
    "Loại hình tổ chức sản xuất - kinh doanh": Plain(
        "Chủ thể là hộ kinh doanh, trang trại, tổ hợp tác, công ty hay hợp tác xã; HTX và công "
        "ty cổ phần có vốn góp của cộng đồng địa phương từ 51% được điểm cao nhất.",
        "Giấy chứng nhận đăng ký hộ kinh doanh, đăng ký doanh nghiệp hoặc đăng ký hợp tác xã.",
    ),
    "Đại diện pháp luật của chủ thể là nữ; hoặc đồng bào dân tộc thiểu số; hoặc người "
    "khuyết tật": Plain(
        "Người đại diện theo pháp luật của chủ thể là nữ, người dân tộc thiểu số hoặc người "
        "khuyết tật thì được điểm.",
        "Giấy đăng ký kinh doanh ghi người đại diện; giấy tờ tùy thân hoặc giấy xác nhận khuyết "
        "tật của người đó.",
    ),
    "Sử dụng lao động địa phương": Plain(
        "Bao nhiêu phần người lao động là người trên địa bàn xã: từ 75% trở lên được điểm cao "
        "nhất.",
        "Danh sách lao động kèm nơi cư trú; hợp đồng lao động hoặc bảng lương.",
    ),
    "Tăng trưởng sản xuất kinh doanh": Plain(
        "Lợi nhuận năm trước có cao hơn năm trước nữa không (HTX: hoặc xếp loại trung bình); "
        "02 năm liên tiếp tăng lợi nhuận (HTX: hoặc xếp loại khá trở lên) được điểm cao nhất.",
        "Báo cáo tài chính hoặc sổ sách 03 năm gần nhất; kết quả xếp loại HTX (nếu là HTX).",
    ),
    "Sở hữu trí tuệ": Plain(
        "Nhãn hiệu đã nộp đơn và được chấp nhận, hay đã có Giấy chứng nhận đăng ký nhãn hiệu; "
        "thêm điểm khi có bằng kiểu dáng công nghiệp, sáng chế, giải pháp hữu ích hoặc giấy "
        "chứng nhận quyền tác giả.",
        "Đơn đăng ký nhãn hiệu đã được chấp nhận; Giấy chứng nhận đăng ký nhãn hiệu; văn bản "
        "cho phép dùng chỉ dẫn địa lý, nhãn hiệu tập thể, chứng nhận (nếu có); các văn bằng "
        "khác.",
    ),
    # ---- Phần B: tiếp thị
    "Khu vực phân phối chính": Plain(
        "Sản phẩm bán ở đâu: trong xã, ngoài xã (qua bao nhiêu đại diện, đại lý), hay ra thị "
        "trường quốc tế, siêu thị, thương mại điện tử (có hợp đồng và minh chứng thực hiện).",
        "Hợp đồng với đại lý, nhà phân phối, siêu thị, sàn thương mại điện tử, đối tác nước "
        "ngoài và chứng từ thực hiện; đường dẫn gian hàng điện tử.",
    ),
    "Tổ chức phân phối": Plain(
        "Có người hay bộ phận chịu trách nhiệm quản lý phân phối không, có dùng công nghệ thông "
        "tin để quản lý không.",
        "Văn bản phân công người hoặc bộ phận phụ trách phân phối; phần mềm quản lý bán hàng "
        "(nếu có).",
    ),
    "Quảng bá sản phẩm": Plain(
        "Các hoạt động quảng bá: có bao nhiêu hoạt động, có website hoặc mạng xã hội, có tham "
        "gia xúc tiến thương mại, hội chợ, triển lãm trong tỉnh, ngoài tỉnh và quốc tế không.",
        "Ảnh, giấy mời, giấy xác nhận tham gia hội chợ, triển lãm; đường dẫn website, trang mạng "
        "xã hội.",
    ),
    # ---- Phần B: câu chuyện sản phẩm
    "Câu chuyện sản phẩm": Plain(
        "Sản phẩm có câu chuyện không, đã được viết thành tài liệu và giới thiệu ở đâu: tờ rơi, "
        "website, nội dung truy xuất nguồn gốc điện tử.",
        "Bản câu chuyện sản phẩm; tờ rơi; đường dẫn website; nội dung trên mã truy xuất nguồn gốc.",
    ),
    "Cấu trúc câu chuyện sản phẩm": Plain(
        "Hội đồng đọc câu chuyện: đơn giản, ngắn gọn xúc tích, hay có văn phong kể chuyện (chỉ "
        "chấm khi có câu chuyện).",
        STORY,
        council=True,
    ),
    "Trí tuệ/bản sắc địa phương": Plain(
        "Hội đồng xem câu chuyện có phải của riêng sản phẩm không, có nói lên truyền thống, văn "
        "hóa địa phương, giá trị đặc trưng, có truyền cảm và thuyết phục không.",
        STORY,
        council=True,
    ),
}
_TITLES = {**_PART_AB, **PART_C}

# Titles printed two ways for the same criterion.
_ALIASES = {
    "Năng lực sản xuất để đáp ứng yêu cầu phân phối": "Năng lực sản xuất đáp ứng yêu cầu phân phối",
    "Liên kết chuỗi trong sản xuất": "Liên kết sản xuất",
}

# One sheet's criterion that differs from the others of the same title.
_INTERNAL_CONTROL = Plain(
    "Cơ sở có kiểm soát chất lượng không: có kế hoạch kiểm soát nội bộ, gắn với truy xuất "
    "nguồn gốc theo quy định thì được điểm cao nhất.",
    "Kế hoạch kiểm soát chất lượng nội bộ; hồ sơ truy xuất nguồn gốc.",
)
_BY_CRITERION: dict[tuple[int, str], Plain] = {
    **{(n, "8"): _INTERNAL_CONTROL for n in (23, 24, 25)},
    (18, "12"): _INTERNAL_CONTROL,
    (18, "7"): Plain(
        "Có Bản đăng ký công bố chất lượng sản phẩm, ghi nhãn và quảng cáo (nếu có) đúng quy "
        "định, còn hiệu lực không; các mức ghi ở phương án.",
        "Bản đăng ký công bố chất lượng sản phẩm; nhãn; nội dung quảng cáo đã được xác nhận "
        "(nếu có).",
    ),
    **{
        (n, "4.1"): Plain(
            "Sản phẩm bán ở đâu: trong xã, ngoài xã, trong tỉnh, ngoài tỉnh hay thị trường quốc "
            "tế (có hợp đồng và minh chứng thực hiện).",
            "Hợp đồng với đại lý, người mua ngoài xã, ngoài tỉnh, nước ngoài và chứng từ thực "
            "hiện.",
        )
        for n in (24, 25)
    },
    (26, "4.4"): Plain(
        "Các hoạt động quảng bá: website giới thiệu điểm du lịch, kênh đặt dịch vụ trực tuyến "
        "trong nước và quốc tế (Booking, Agoda…), quảng bá quốc tế, website tiếng nước ngoài.",
        "Đường dẫn website và các kênh đặt dịch vụ trực tuyến; tài liệu về hoạt động quảng bá.",
    ),
    (26, "5.1"): Plain(
        "Có cẩm nang hoặc câu chuyện về sản phẩm du lịch không, có nét riêng, thể hiện bản sắc "
        "địa phương, có bản tiếng nước ngoài không.",
        "Cẩm nang hoặc câu chuyện về sản phẩm du lịch (bản in hoặc đường dẫn).",
    ),
}

_TABLE = {fold(k): v for k, v in _TITLES.items()}
for _alias, _title in _ALIASES.items():
    _TABLE[fold(_alias)] = _TITLES[_title]


def explain_for(set_no: int, crit: dict[str, Any]) -> tuple[bool, str, str]:
    """(council, explain, evidence) of one criterion; KeyError for a title not in the table."""
    plain = _BY_CRITERION.get((set_no, crit["number"])) or _TABLE.get(fold(crit["title"]))
    if plain is None:
        title = crit["title"]
        raise KeyError(f"set {set_no} criterion {crit['number']}: no explanation for «{title}»")
    return plain.council, plain.explain, plain.evidence
