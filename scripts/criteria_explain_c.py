"""Explanations of the Phần C criteria and of set 26's (used through ``criteria_explain``)."""

from __future__ import annotations

from criteria_plain import Plain, looks, sensory

PART_C: dict[str, Plain] = {
    # ---- Phần C: cảm quan (hội đồng chấm trên mẫu)
    "Kích thước, hình dạng bề ngoài": looks("kích thước, hình dạng bề ngoài có đồng đều không"),
    "Kích thước, độ đồng đều": looks("kích thước có đồng đều không"),
    "Độ đồng đều của sản phẩm": looks("sản phẩm có đồng đều không"),
    "Ngoại hình, đồng đều": looks("ngoại hình có đồng đều không"),
    "Hình dạng": looks("hình dạng có phù hợp, đồng đều không"),
    "Hình dạng, thể chất": looks("kích thước, hình dạng, thể chất có đồng đều không"),
    "Thể chất": looks("thể chất có phù hợp với tính chất của sản phẩm không"),
    "Trạng thái/hình dạng": looks("trạng thái, hình dạng có đồng đều, phù hợp không"),
    "Hình dạng, màu sắc cánh chè": looks("hình dạng, màu sắc cánh chè"),
    "Màu sắc, độ chín": looks("màu sắc, độ chín có phù hợp không"),
    "Màu sắc, thể chất": looks("màu sắc, thể chất có phù hợp với đặc tính sản phẩm không"),
    "Màu sắc": looks("màu sắc của mẫu so với đặc tính sản phẩm"),
    "Tạp chất": looks("mẫu có lẫn tạp chất không; sạch, không có tạp chất được điểm cao nhất"),
    "Tạp chất lạ": looks("mẫu có lẫn tạp chất, cặn không; sạch được điểm cao nhất"),
    "Mùi/vị": sensory("mùi vị có phù hợp với đặc tính sản phẩm không"),
    "Mùi": sensory("mùi của mẫu so với đặc trưng của sản phẩm"),
    "Vị": sensory("vị của mẫu so với đặc trưng của sản phẩm"),
    "Màu nước": sensory("màu nước pha"),
    "Mùi nước": sensory("mùi nước pha"),
    "Vị nước": sensory("vị nước pha"),
    "Tính đầy đủ về sản phẩm, sạch": looks("sản phẩm có đầy đủ, sạch không"),
    "Chỉ tiêu cảm quan": sensory(
        "sản phẩm có đạt chỉ tiêu cảm quan theo tiêu chuẩn đã công bố không"
    ),
    # ---- Phần C: các chỉ tiêu khác
    "Dinh dưỡng": Plain(
        "Phiếu kiểm nghiệm có chỉ ra hàm lượng các chỉ tiêu dinh dưỡng không: trên 2 chỉ tiêu "
        "được điểm cao nhất.",
        "Phiếu kiểm nghiệm các chỉ tiêu dinh dưỡng.",
    ),
    "Tính độc đáo": Plain(
        "Hội đồng đánh giá sản phẩm có nét riêng, khác biệt, dễ nhận biết so với sản phẩm khác "
        "và có thể thành thương hiệu của địa phương không.",
        "Mẫu sản phẩm; tài liệu giới thiệu điểm khác biệt của sản phẩm.",
        council=True,
    ),
    "Công bố chất lượng sản phẩm": Plain(
        "Sản phẩm đã công bố chất lượng chưa, và có áp dụng tiêu chuẩn quốc gia hoặc tiêu chuẩn "
        "quốc tế không.",
        "Bản tự công bố hoặc hồ sơ công bố chất lượng sản phẩm kèm phiếu kiểm nghiệm; tiêu chuẩn "
        "áp dụng (TCVN, tiêu chuẩn quốc tế…).",
    ),
    "Công bố sản phẩm": Plain(
        "Sản phẩm đã công bố chất lượng chưa, và có áp dụng tiêu chuẩn quốc gia hoặc tiêu chuẩn "
        "quốc tế không.",
        "Bản tự công bố hoặc hồ sơ công bố chất lượng sản phẩm kèm phiếu kiểm nghiệm chỉ tiêu an "
        "toàn thực phẩm; tiêu chuẩn áp dụng.",
    ),
    "Đảm bảo chất lượng sản phẩm": Plain(
        "Cơ sở bảo đảm chất lượng bằng gì: giấy chứng nhận đủ điều kiện an toàn thực phẩm, hay "
        "chứng nhận hệ thống quản lý chất lượng quốc gia, quốc tế (ISO, HACCP…).",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm; giấy chứng nhận ISO, HACCP…",
    ),
    "Hướng dẫn sử dụng để đảm bảo sản phẩm có chất lượng tốt nhất cho người tiêu dùng": Plain(
        "Sản phẩm có hướng dẫn sử dụng không; hướng dẫn chi tiết, cụ thể được điểm cao hơn.",
        "Nhãn hoặc tờ hướng dẫn sử dụng sản phẩm.",
    ),
    "Cơ hội thị trường toàn cầu": Plain(
        "Khả năng xuất khẩu: Đông Nam Á, ngoài Đông Nam Á, hay thị trường tiêu chuẩn cao (Mỹ, "
        "Nhật, EU…), dựa trên hợp đồng xuất khẩu, chứng nhận chất lượng, kết quả xúc tiến.",
        "Hợp đồng xuất khẩu đã thực hiện; giấy chứng nhận chất lượng; tài liệu đánh giá thị "
        "trường, kết quả xúc tiến thương mại ở nước ngoài.",
    ),
    # ---- Phần C: dược liệu (bộ 18–20)
    "Chất lượng an toàn thực phẩm": Plain(
        "Cơ sở có giấy chứng nhận đủ điều kiện an toàn sản xuất (GMP đối với thực phẩm chức "
        "năng hoặc tương đương) còn hiệu lực không; thêm điểm theo các mức ghi ở phương án.",
        "Giấy chứng nhận cơ sở đủ điều kiện sản xuất (GMP hoặc tương đương) còn hiệu lực và "
        "các giấy tờ ghi ở phương án bạn chọn.",
    ),
    "Sự tiện lợi khi sử dụng, bảo quản": Plain(
        "Hội đồng đánh giá sản phẩm dùng và bảo quản có tiện lợi không.",
        "Mẫu sản phẩm; hướng dẫn sử dụng, bảo quản.",
        council=True,
    ),
    "Hiệu quả sử dụng": Plain(
        "Hội đồng đánh giá hiệu quả của sản phẩm, qua dùng trực tiếp hoặc tài liệu chính thống, "
        "kết quả nghiên cứu, minh chứng của người sử dụng.",
        "Tài liệu chính thống, kết quả nghiên cứu, ý kiến hoặc minh chứng của người sử dụng.",
        council=True,
    ),
    "Kiểm tra định kỳ": Plain(
        "Hồ sơ kiểm tra định kỳ các chỉ tiêu an toàn: có kết quả kiểm nghiệm không, đạt và đủ "
        "không.",
        "Phiếu kiểm nghiệm các chỉ tiêu an toàn (trong hồ sơ công bố và kiểm nghiệm định kỳ).",
    ),
    "Công bố chất lượng": Plain(
        "Có hồ sơ công bố tiêu chuẩn sản phẩm không; thêm điểm khi có tiêu chuẩn nguyên liệu, "
        "bao bì và phiếu kiểm nghiệm của cơ quan kiểm nghiệm độc lập.",
        "Hồ sơ (phiếu) công bố sản phẩm; tiêu chuẩn nguyên liệu, bao bì; phiếu kiểm nghiệm của "
        "cơ quan kiểm nghiệm độc lập.",
    ),
    "Tính an toàn": Plain(
        "Hội đồng đánh giá mức an toàn của sản phẩm theo hồ sơ nghiên cứu, thử nghiệm.",
        "Hồ sơ nghiên cứu, thử nghiệm về tính an toàn của sản phẩm.",
        council=True,
    ),
    "Điều kiện đảm bảo an toàn chất lượng sản phẩm": Plain(
        "Cơ sở có giấy chứng nhận đủ điều kiện an toàn sản xuất còn hiệu lực không; thêm điểm "
        "theo các mức kiểm tra, chứng nhận ghi ở phương án.",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn sản xuất còn hiệu lực và các giấy tờ ghi ở "
        "phương án bạn chọn.",
    ),
    # ---- Phần C: thủ công mỹ nghệ, vải (bộ 21–22)
    "Mức độ tinh xảo/sắc nét của sản phẩm": looks(
        "độ khéo léo, tinh xảo, giá trị mỹ thuật, kỹ thuật của sản phẩm"
    ),
    "Thiết kế độc đáo": looks(
        "phong cách thiết kế: phổ biến, độc đáo riêng, hay thể hiện trí tuệ địa phương"
    ),
    "Các yếu tố tích hợp lên giá trị của sản phẩm": looks(
        "kiểu dáng, hoa văn, màu sắc, kết cấu, kích thước có hài hòa và gắn với yếu tố văn hóa, "
        "dân tộc truyền thống không"
    ),
    "Các tính năng của sản phẩm": looks(
        "sản phẩm có đủ tính năng cơ bản để bán ở địa phương, trong nước hay xuất khẩu"
    ),
    "Chất lượng của nguyên liệu/thành phần": Plain(
        "Nguồn gốc và chất lượng nguyên liệu: rõ nguồn gốc, xanh, thân thiện môi trường; điểm "
        "cao nhất khi có chứng chỉ quản lý vùng nguyên liệu bền vững.",
        "Giấy tờ nguồn gốc nguyên liệu; chứng chỉ quản lý vùng nguyên liệu (nếu có).",
    ),
    # ---- Phần C: sinh vật cảnh (bộ 23–25)
    "Hình dáng so với loại sản phẩm": looks("hình dáng so với loại sản phẩm"),
    "Kiểu dáng, tạo hình, mỹ thuật": looks("kiểu dáng, tạo hình, giá trị mỹ thuật"),
    "Thiết kế sản phẩm (bao gói, chậu trồng,...)": looks("thiết kế bao gói, chậu trồng"),
    "Thiết kế sản phẩm (chậu trồng, phụ kiện kèm theo...)": looks(
        "thiết kế chậu trồng, phụ kiện kèm theo"
    ),
    # ---- Bộ 26: dịch vụ du lịch
    "Bộ phận điều phối quản lý và điều hành dịch vụ": Plain(
        "Có bộ phận điều phối, quản lý và điều hành dịch vụ không; có kế hoạch và triển khai kế "
        "hoạch thì được điểm cao nhất.",
        "Quyết định thành lập hoặc phân công bộ phận điều phối; kế hoạch quản lý, điều hành.",
    ),
    "Cơ chế quản lý/quy định": Plain(
        "Có quy định quản lý hoạt động dịch vụ không, có phân nhiệm rõ ràng, người dân địa "
        "phương có tham gia quản lý, vận hành và hưởng lợi không.",
        "Quy chế, quy định quản lý hoạt động dịch vụ; văn bản phân công nhiệm vụ.",
    ),
    "Bảo vệ môi trường trong cộng đồng làm du lịch/điểm du lịch": Plain(
        "Có giải pháp bảo vệ môi trường, hạ tầng kỹ thuật, mô hình cộng đồng tự quản không; điểm "
        "cao nhất khi đạt chuẩn tiêu chí môi trường nông thôn mới hoặc có đánh giá tác động "
        "môi trường.",
        "Kế hoạch, quy định về thu gom rác, nước thải; ảnh hạ tầng; hồ sơ môi trường theo quy "
        "định.",
    ),
    "Sử dụng năng lượng tiết kiệm": Plain(
        "Có giải pháp tiết kiệm, thu hồi, tái sử dụng năng lượng và công nghệ thân thiện môi "
        "trường không.",
        "Mô tả, ảnh các giải pháp, thiết bị tiết kiệm năng lượng đang dùng.",
    ),
    "Nguồn gốc ý tưởng sản phẩm dịch vụ du lịch": Plain(
        "Hội đồng xem ý tưởng dịch vụ: dựa trên sản phẩm nơi khác, ý tưởng riêng không trùng "
        "lặp, hay độc đáo và gắn với văn hóa truyền thống địa phương.",
        "Tài liệu giới thiệu sản phẩm du lịch và ý tưởng phát triển.",
        council=True,
    ),
    "Tổ chức dịch vụ theo thị trường mục tiêu": Plain(
        "Có kế hoạch phát triển thị trường mục tiêu và có sản phẩm dịch vụ phù hợp với thị "
        "trường đó không.",
        "Kế hoạch phát triển thị trường mục tiêu; danh mục sản phẩm dịch vụ.",
    ),
    "Bảo vệ, bảo tồn các di sản văn hóa, thiên nhiên, đa dạng sinh học liên quan đến sản phẩm "
    "dịch vụ du lịch": Plain(
        "Có hoạt động bảo vệ, bảo tồn di sản văn hóa, thiên nhiên, đa dạng sinh học không; có "
        "chương trình chung và cả cộng đồng tham gia thì được điểm cao nhất.",
        "Chương trình, kế hoạch bảo tồn của cộng đồng; ảnh, báo cáo các hoạt động đã làm.",
    ),
    "Liên kết chuỗi giá trị trong quảng bá sản phẩm du lịch": Plain(
        "Có bao nhiêu đại diện, đại lý quảng bá sản phẩm trong và ngoài tỉnh.",
        "Hợp đồng, thỏa thuận với đại diện, đại lý quảng bá.",
    ),
    "Liên kết vùng và chuỗi giá trị trong sản phẩm dịch vụ du lịch": Plain(
        "Có liên kết với các điểm du lịch khác trong tỉnh, ngoài tỉnh, quốc tế để hình thành "
        "sản phẩm du lịch không.",
        "Hợp đồng, thỏa thuận liên kết với các điểm, đơn vị du lịch khác.",
    ),
    "Tổ chức quảng bá, bán hàng": Plain(
        "Có người hay bộ phận phụ trách quảng bá, phân phối sản phẩm du lịch không, có dùng công "
        "nghệ thông tin không.",
        "Văn bản phân công người hoặc bộ phận phụ trách; phần mềm, kênh quản lý bán hàng (nếu có).",
    ),
    "Bộ nhận diện quảng bá sản phẩm": Plain(
        "Có tờ rơi, phim ngắn, áp-phích, ấn phẩm quảng bá không; có thêm ít nhất 01 tiếng nước "
        "ngoài thì được điểm cao nhất.",
        "Tờ rơi, phim ngắn, áp-phích, ấn phẩm quảng bá.",
    ),
    "Trình bày câu chuyện sản phẩm": Plain(
        "Cẩm nang/câu chuyện đã được tư liệu hóa và trình bày ở đâu: tại điểm dịch vụ, hay ở "
        "các điểm du lịch trong và ngoài tỉnh.",
        "Cẩm nang/câu chuyện đã in; ảnh nơi trình bày.",
    ),
    "Sản phẩm dịch vụ du lịch trên địa bàn đạt chuẩn nông thôn mới": Plain(
        "Xã hoặc thôn, bản nơi có dịch vụ đã được công nhận đạt chuẩn nông thôn mới chưa.",
        "Quyết định công nhận đạt chuẩn nông thôn mới của xã hoặc thôn, bản.",
    ),
    "Vị trí": Plain(
        "Vị trí có thuận lợi, dễ tiếp cận, liền kề và kết nối với nơi có lợi thế du lịch không.",
        "Bản đồ, mô tả vị trí và đường đến.",
    ),
    "Kiến trúc và cảnh quan môi trường": Plain(
        "Hội đồng xem cảnh quan có sạch đẹp, kiến trúc có đặc trưng vùng miền, dân tộc không; "
        "xã/thôn đạt tiêu chí sáng - xanh - sạch đẹp thì được điểm cao nhất.",
        "Ảnh cảnh quan, kiến trúc; giấy tờ công nhận tiêu chí nông thôn mới (nếu có).",
        council=True,
    ),
    "Đáp ứng điều kiện kinh doanh dịch vụ": Plain(
        "Các cơ sở có đủ đăng ký và điều kiện kinh doanh không; có cơ sở đạt tiêu chuẩn phục vụ "
        "khách du lịch (hoặc được công nhận điểm du lịch) thì được điểm cao nhất.",
        "Giấy đăng ký kinh doanh, giấy tờ về điều kiện kinh doanh; quyết định công nhận điểm du "
        "lịch hoặc cơ sở đạt tiêu chuẩn phục vụ khách du lịch.",
    ),
    "Đảm bảo an toàn và an ninh trật tự": Plain(
        "Có đáp ứng điều kiện an ninh trật tự, phòng cháy chữa cháy, môi trường, an toàn thực "
        "phẩm không; có tập huấn định kỳ cho nhân viên thì được điểm cao nhất.",
        "Giấy tờ về phòng cháy chữa cháy, an ninh trật tự, an toàn thực phẩm; hồ sơ tập huấn "
        "nhân viên.",
    ),
    "Tính hoàn thiện của quá trình dịch vụ": Plain(
        "Có điểm trưng bày, giới thiệu, bán sản phẩm truyền thống và sản phẩm OCOP không, có "
        "tài liệu giới thiệu và hạ tầng (bãi đỗ, nhà vệ sinh…) không.",
        "Ảnh điểm trưng bày, bán hàng; tài liệu giới thiệu sản phẩm, dịch vụ.",
    ),
    "Hoạt động trải nghiệm": Plain(
        "Có hoạt động trải nghiệm cho khách không, đã thành mô hình chưa.",
        "Mô tả, ảnh các hoạt động trải nghiệm.",
    ),
    "Quản lý và nhân viên": Plain(
        "Bao nhiêu phần người quản lý và nhân viên đã qua đào tạo chuyên môn, nghiệp vụ; có "
        "người tiếp đón thạo ngoại ngữ không.",
        "Danh sách nhân sự kèm văn bằng, chứng chỉ đào tạo.",
    ),
    "Chất lượng sản phẩm dịch vụ du lịch": Plain(
        "Hội đồng đánh giá sản phẩm dịch vụ có phong phú, hấp dẫn, an toàn, chất lượng cao, đặc "
        "sắc vùng miền, được du khách đánh giá cao không.",
        "Đánh giá, bình chọn của khách trên các trang lữ hành, du lịch uy tín; phiếu đánh giá "
        "của khách.",
        council=True,
    ),
    "Chất lượng phục vụ": Plain(
        "Hội đồng đánh giá thái độ phục vụ: thân thiện, nhanh nhẹn, chu đáo, được du khách đánh "
        "giá cao không.",
        "Đánh giá, bình chọn của khách trên các trang lữ hành, du lịch uy tín; phiếu đánh giá "
        "của khách.",
        council=True,
    ),
    "Tiện nghi": Plain(
        "Có đủ điện, nước sạch, khu vệ sinh, internet, giao thông nội bộ không; đạt chuẩn nông "
        "thôn mới hoặc được khách đánh giá cao thì được điểm cao nhất.",
        "Ảnh cơ sở vật chất; giấy tờ công nhận tiêu chí nông thôn mới hoặc đánh giá của khách.",
    ),
    "Hoạt động thu hút khách du lịch": Plain(
        "Có tổ chức trình diễn lễ hội, văn hóa tại điểm du lịch không, mang tính cộng đồng, đặc "
        "sắc, ít nhất 2 lần/năm không.",
        "Kế hoạch, ảnh, tài liệu về các buổi trình diễn đã tổ chức.",
    ),
    "Hàng hóa dịch vụ (ăn uống, đồ lưu niệm...)": Plain(
        "Hàng hóa phục vụ khách có nguồn gốc rõ ràng, đặc sản địa phương, an toàn thực phẩm, "
        "có sản phẩm OCOP được bày bán không.",
        "Giấy tờ nguồn gốc hàng hóa; giấy tờ an toàn thực phẩm; danh mục sản phẩm OCOP bày bán.",
    ),
}
