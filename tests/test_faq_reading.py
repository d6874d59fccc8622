"""Issue 15, reading what producers type: words typed together ("maybo hoso"), a place or a
product named as context that must not win over the question asked, and the scope guards
(another subject refused, an OCOP question about labels or sales channels answered)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answers import AnswerKind
from knowledge.normalize import Abbreviations, Normalizer
from tests.support.chat import ChatClient
from tests.support.faq_support import engine

TODAY = dt.date(2026, 12, 6)


def _normalizer() -> Normalizer:
    vocabulary = {"ho": 40, "so": 40, "hoso": 2, "bao": 9, "lau": 9, "may": 9, "bo": 9,
                  "vietgap": 9, "viet": 9, "gap": 1, "ocop": 50, "giay": 9, "chung": 9,
                  "nhan": 9}  # fmt: skip
    pairs = {("ho", "so"): 30, ("bao", "lau"): 5, ("giay", "chung"): 8, ("chung", "nhan"): 8}
    abbreviations = Abbreviations({"dk": ("dang", "ky")}, {})
    return Normalizer(abbreviations).with_vocabulary(vocabulary, pairs)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("nop hoso", "nop ho so"),  # a rare word of the knowledge base ("/hoso"), pair far commoner
        ("mat baolau", "mat bao lau"),  # a pair of the knowledge base
        ("maybo", "may bo"),  # two syllables, no pair needed when the word is unknown
        ("giaychungnhan", "giay chung nhan"),  # three parts
        ("dkocop", "dang ki ocop"),  # an abbreviation typed onto a word
        ("vietgap", "vietgap"),  # a word of the knowledge base stays whole
        ("shopee", "shopee"),  # a name that is no two words stays whole
    ],
)
def test_words_typed_together_are_split_only_into_words_that_go_together(
    typed: str, read: str
) -> None:
    assert _normalizer().normalize(typed) == read


def test_a_term_split_by_a_stray_space_is_joined_but_two_syllables_stay_apart() -> None:
    n = _normalizer()
    assert n.normalize("oc op la gi") == "ocop la gi"
    assert n.normalize("ho so") == "ho so"


def test_splitting_is_stable_when_normalised_twice() -> None:
    n = _normalizer()
    once = n.normalize("nop maybo hoso dkocop")
    assert n.normalize(once) == once


@pytest.mark.parametrize(
    ("message", "entry", "said"),
    [
        ("nop maybo hoso v ad", "dossier-components", "01 bộ"),
        ("danhgia lai mat baolau", "processing-time", "45 ngày"),
    ],
)
def test_words_run_together_get_the_answer_of_the_question_typed_apart(
    message: str, entry: str, said: str
) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.entry_id == entry
    assert said in answer.text


async def test_in_chat_hoso_typed_together_is_the_dossier_not_the_bot_commands(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send("nop maybo hoso v ad")
    assert "Phiếu đăng ký" in chat.text
    assert "/hoso" not in chat.text


@pytest.mark.parametrize("message", ["ocop??", "OCOP", "ocop ?"])
def test_a_bare_ocop_asks_what_ocop_is(message: str) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.entry_id == "ocop-what-is"
    assert "mỗi xã một sản phẩm" in answer.text


async def test_in_chat_ocop_with_question_marks_is_explained(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("ocop??")
    assert "One Commune One Product" in chat.text


@pytest.mark.parametrize(
    "message",
    [
        "Hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?",
        "thi tieng anh co duoc cong diem khong",
        "hoc tieng anh o dau",
        "hom nay thoi tiet the nao",
    ],
)
def test_another_subject_is_refused_even_when_a_sheet_or_passage_shares_its_words(
    message: str,
) -> None:
    assert engine().answer(message, TODAY).kind is AnswerKind.OUT_OF_SCOPE


def test_a_bilingual_label_is_an_ocop_question_not_an_english_lesson() -> None:
    answer = engine().answer("nhan mac co them tieng anh thi co dc cong diem ko", TODAY)
    assert answer.entry_id == "criteria-heading"  # the sheet's line «… song ngữ»
    assert "song ngữ" in answer.text
    assert "1 điểm" in answer.text


def test_hom_nay_in_a_story_about_a_dossier_does_not_make_it_out_of_scope() -> None:
    answer = engine().answer(
        "Chào ad, em là giám đốc HTX mắm cáy ở ven biển. Hôm nay HTX mới hoàn thiện hồ sơ và "
        "nộp cho xã. Đợt sau là khi nào?",
        TODAY,
    )
    assert answer.kind is not AnswerKind.OUT_OF_SCOPE


async def test_in_chat_land_papers_get_the_polite_refusal(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("Hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?")
    assert "nằm ngoài những việc đó nên tôi không trả lời" in chat.text
    assert "Bộ tiêu chí" not in chat.text  # not a scoring sheet's heading


HAI_HAU = (
    "chao ad, nha e o hai hau lam nuoc mam truyen thong 3 doi roi, bo me e dung ten ho kinh "
    "doanh, co giay attp, ban trong xa voi gui di ha noi qua may dai ly. gio e muon dua len "
    "ocop 3 sao thi ho so gom nhung j, nop cho ai ak"
)


def test_a_district_named_as_context_does_not_win_over_the_dossier_question() -> None:
    answer = engine().answer(HAI_HAU, TODAY)
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == "dossier-components"
    assert "Phiếu đăng ký" in answer.text and "Báo cáo tự đánh giá" in answer.text


def test_a_commune_with_where_to_submit_as_the_question_still_reads_the_commune() -> None:
    answer = engine().answer(
        "nha e o xa yen thang, lam nuoc mam, gio muon dang ky ocop thi nop ho so o dau", TODAY
    )
    assert answer.kind is AnswerKind.COMMUNE
    assert "Xã Vạn Thắng" in answer.text


RUOU = (
    "Cho tôi hỏi: gia đình tôi nấu rượu nếp cái hoa vàng đã ba đời nhưng chưa có đăng ký kinh "
    "doanh. Như vậy có được đăng ký đánh giá OCOP không, hay phải làm thủ tục gì trước?"
)


def test_nhu_vay_leans_on_the_clause_before_and_the_product_there_is_context() -> None:
    answer = engine().answer(RUOU, TODAY)
    assert answer.entry_id == "unregistered-household"
    assert "đăng ký kinh doanh" in answer.text
    assert answer.related and answer.related[0].id == "product-ruou"  # offered, not answered


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        (
            "sp mam tep cua e di cham chi dc 2 sao, hoi buon. vay e co dc dan tem ocop 2 sao "
            "len hu mam de ban ko a",
            "star-below-3",
        ),
        (
            "Sản phẩm của em đang làm đánh giá lại, xã đã gửi hồ sơ đủ lên tỉnh từ đầu tháng "
            "11. Vậy tối đa bao lâu thì có kết quả ạ?",
            "processing-time",
        ),
    ],
)
def test_a_question_starting_with_vay_is_read_with_what_it_follows(
    message: str, entry: str
) -> None:
    assert engine().answer(message, TODAY).entry_id == entry


def test_cai_nay_without_a_clear_referent_is_unsure_rather_than_a_wrong_entry() -> None:
    answer = engine().answer(
        "shop e ban mien luon tren shopee voi tiktok shop dc hon 1 nam roi, don deu. khi cham "
        "ocop thi cai nay co duoc tinh diem j ko a, can chuan bi giay to gi",
        TODAY,
    )
    assert answer.entry_id != "provincial-council"  # not who sits on the council
    assert {"sales-channels-score", "ecommerce-platforms"} & {e.id for e in answer.related}


async def test_in_chat_the_hai_hau_story_gets_the_dossier(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send(HAI_HAU)
    assert "Mẫu số 01" in chat.text
    assert "Huyện Hải Hậu" not in chat.text


@pytest.mark.parametrize(
    ("message", "heading"),
    [
        ("lam sao de muc cau chuyen sp dc full 5 diem ad", "«Câu chuyện sản phẩm»"),
        (
            "shop e ban mat ong online tren shopee, tiktok, livestream moi toi, nhung chi co link "
            "gian hang thoi. vay muc khu vuc phan phoi co dc 5 diem ko ad",
            "«Khu vực phân phối chính»",
        ),
    ],
)
def test_a_criterions_few_points_are_no_total_score_lam_sao_and_gian_hang_name_no_rank(
    message: str, heading: str
) -> None:
    answer = engine().answer(message, TODAY)
    assert answer.kind is AnswerKind.CRITERION
    assert heading in answer.text
    assert "xếp hạng 1 sao" not in answer.text


def test_a_low_total_with_a_rank_asked_is_still_a_score() -> None:
    answer = engine().answer("sp e dc 8 diem thi dc may sao", TODAY)
    assert answer.kind is AnswerKind.SCORE
    assert "1 sao" in answer.text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ms nop hs thi bh co kq", "moi nop ho so thi bao gio co ket qua"),
        ("co so e nghi sx 1 thoi gian", "co so em nghi san xuat 1 thoi gian"),
        ("khum bik nhiu", "khong biet nhieu"),
    ],
)
def test_teencode_producers_type_is_read_as_words(typed: str, read: str) -> None:
    assert engine().normalize(typed) == read


def test_a_pause_in_production_typed_as_sx_gets_the_revocation_rule() -> None:
    answer = engine().answer("co so e nghi sx 1 thoi gian thi co bi thu hoi ocop ko", TODAY)
    assert answer.entry_id == "revocation"
    assert "thu hồi" in answer.text


def test_a_short_last_question_leans_on_the_clause_before_it() -> None:
    answer = engine().answer(
        "Chào ad, em là giám đốc HTX mắm cáy ở ven biển. Hôm nay (đầu tháng 12) HTX mới hoàn "
        "thiện hồ sơ và nộp cho xã. Liệu có kịp đợt chấm cuối năm nay không hay phải chờ đợt "
        "sau, đợt sau là khi nào?",
        TODAY,
    )
    assert answer.matched  # the rounds, computed against today (knowledge/rounds.py)
    assert "30/10" in answer.text


def test_a_question_clear_on_its_own_after_vay_keeps_its_own_answer() -> None:
    answer = engine().answer(
        "nha e san xuat nuoc mam truyen thong 3 doi, moi co giay chung nhan attp thoi, chua co "
        "iso. cho e hoi vay co dat 4 sao duoc ko",
        TODAY,
    )
    assert answer.entry_id == "four-star-requirements"


def test_a_commune_in_the_story_does_not_answer_a_question_about_who_scores() -> None:
    answer = engine().answer(
        "e dang ky kinh doanh o xa yen thang, lam nuoc mam, cho e hoi ai cham diem", TODAY
    )
    assert answer.kind is AnswerKind.ENTRY
    assert answer.entry_id == "who-scores"


def test_lan_dau_is_no_o_dau_so_the_dossier_question_is_answered() -> None:
    answer = engine().answer(
        "htx e o xa yen thang dang ky ocop lan dau, cho hoi ho so gom nhung gi", TODAY
    )
    assert answer.entry_id == "dossier-components"


def test_a_commune_named_with_its_old_district_is_answered_for_the_commune() -> None:
    answer = engine().answer(
        "ho kinh doanh cua e dang ky o xa Yen Cuong, huyen Y Yen, tinh Nam Dinh tu 2019. gio sap "
        "nhap roi xa e thanh xa nao, dia chi tren ho so ocop ghi the nao a",
        TODAY,
    )
    assert answer.kind is AnswerKind.COMMUNE
    assert answer.text.startswith(
        "Xã Yên Cường (Huyện Ý Yên, Tỉnh Nam Định cũ) nay thuộc Xã Yên Cường, Tỉnh Ninh Bình."
    )
    assert "Xã Phong Doanh" not in answer.text  # not the whole former district


async def test_in_chat_where_the_old_commune_went_names_it_first(chat: ChatClient) -> None:
    await chat.send("/start xa_13864")
    await chat.send("Xã Yên Cường cũ bây giờ sáp nhập thành xã mới tên là gì?")
    assert "Xã Yên Cường (Huyện Ý Yên, Tỉnh Nam Định cũ) nay thuộc Xã Yên Cường" in chat.text


def test_a_first_question_naming_no_product_gets_no_products_entry() -> None:
    answer = engine().answer(
        "tuan sau co doan tu van cua tinh ve xuong lam nuoc mam nha e, e hoi lo. ho xuong de "
        "lam j vay a, co kiem tra gi ngoai ho so ko",
        TODAY,
    )
    assert answer.entry_id == "provincial-council"
    assert "khảo sát thực tế" in answer.text
    named = engine().answer("nuoc mam thuoc nhom nao? nop o dau", TODAY)
    assert named.entry_id == "product-nuoc-mam"  # a product named: its entry answers


async def test_in_chat_another_matter_after_an_ocop_story_is_refused_quoting_that_part(
    chat: ChatClient,
) -> None:
    await chat.send("/start xa_13864")
    await chat.send(
        "Em làm nem chua, đã có OCOP 3 sao rồi. Giờ em muốn hỏi chuyện khác: bán hàng online "
        "trên TikTok thì hộ kinh doanh phải đóng thuế bao nhiêu phần trăm ạ?"
    )
    assert "nằm ngoài những việc đó nên tôi không trả lời" in chat.text
    assert "Câu «bán hàng online trên TikTok thì hộ kinh doanh phải đóng thuế" in chat.text
