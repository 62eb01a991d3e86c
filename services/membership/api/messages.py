"""Membership's messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "title.membership_already_ended": {
            "kk": "Мүшелік тоқтатылған",
            "ru": "Членство уже прекращено",
            "en": "Membership already ended",
        },
        "membership_already_ended": {
            "kk": "Бұл мүшелік бұрын тоқтатылған; екінші шешім қабылданбайды.",
            "ru": "Это членство уже прекращено; повторное решение не принимается.",
            "en": "This membership has already ended; a second decision is refused.",
        },
        "title.candidacy_already_decided": {
            "kk": "Кандидатура бойынша шешім қабылданған",
            "ru": "По кандидатуре уже принято решение",
            "en": "Candidacy already decided",
        },
        "candidacy_already_decided": {
            "kk": "Бұл кандидатура бойынша шешім бұрын қабылданған; екінші шешім қабылданбайды.",
            "ru": "По этой кандидатуре решение уже принято; повторное решение не принимается.",
            "en": "This candidacy has already been decided; a second decision is refused.",
        },
        "title.candidacy_already_reviewed": {
            "kk": "Кандидатураны Кеңес қарап қойған",
            "ru": "Кандидатура уже рассмотрена Советом",
            "en": "Candidacy already reviewed",
        },
        "candidacy_already_reviewed": {
            "kk": "Бұл кандидатураны Ассамблея Кеңесі бұрын қараған.",
            "ru": "Эта кандидатура уже рассмотрена Советом Ассамблеи.",
            "en": "The Council has already reviewed this candidacy.",
        },
        "title.person_already_member": {
            "kk": "Адам Ассамблея мүшесі болып табылады",
            "ru": "Лицо уже является членом Ассамблеи",
            "en": "Already a member",
        },
        "person_already_member": {
            "kk": "Бұл адамның Ассамблеяда белсенді мүшелігі бар; екінші мүшелікке жол берілмейді.",
            "ru": "У этого лица уже есть действующее членство в Ассамблее; второе не допускается.",
            "en": "This person already holds an active membership of the Assembly; a second one is refused.",
        },
        "title.not_a_member": {
            "kk": "Мүше емес",
            "ru": "Не является членом",
            "en": "Not a member",
        },
        "not_a_member": {
            "kk": "Бұл — кандидатура, Ассамблея мүшесі емес.",
            "ru": "Это кандидатура, а не член Ассамблеи.",
            "en": "This is a candidacy, not a member of the Assembly.",
        },
        "approval_before_council_review": {
            "kk": "Кандидатураны алдымен Ассамблея Кеңесі қарауы тиіс ({rule}).",
            "ru": "Кандидатура должна быть сначала рассмотрена Советом Ассамблеи ({rule}).",
            "en": "The Council must review the candidacy first ({rule}).",
        },
        "not_submitted": {
            "kk": "Кандидатураны Төрағаға Төраға орынбасарлары ұсынуы тиіс ({rule}).",
            "ru": "Кандидатура должна быть представлена Председателю его заместителями ({rule}).",
            "en": "The Deputy Chairmen must present the candidacy to the Chairman first ({rule}).",
        },
        "not_recommended": {
            "kk": "Кеңес ұсынбаған кандидатура Төрағаға ұсынылмайды ({rule}).",
            "ru": "Кандидатура, не рекомендованная Советом, Председателю не представляется ({rule}).",
            "en": "A candidacy the Council did not recommend is not presented to the Chairman ({rule}).",
        },
        "invalid_iin": {
            "kk": "ЖСН дұрыс емес: 12 цифр және бақылау цифры сәйкес болуы тиіс.",
            "ru": "ИИН неверен: нужны 12 цифр с верной контрольной цифрой.",
            "en": "The IIN is not valid: 12 digits with a matching check digit are required.",
        },
        "nomination_incomplete": {
            "kk": "Ұсыныста ұсынушы орган мен оның шешімі көрсетілуі тиіс: {missing} жоқ ({rule}).",
            "ru": "В выдвижении должны быть указаны выдвигающий орган и его решение: нет {missing} ({rule}).",
            "en": "A nomination records the nominating body and its decision: {missing} is missing ({rule}).",
        },
        "unknown_association": {
            "kk": "Бұл бірлестік анықтамалықта жоқ ({rule}).",
            "ru": "Этого объединения нет в справочнике ({rule}).",
            "en": "This association is not in the reference data ({rule}).",
        },
        "end_before_inclusion": {
            "kk": "Мүшелік енгізілген күнге дейін тоқтатыла алмайды ({rule}).",
            "ru": "Членство не может быть прекращено ранее даты включения ({rule}).",
            "en": "A membership cannot end before the day it began ({rule}).",
        },
        "resignation_only_by_self": {
            "kk": (
                "Төрағаның шешімінсіз мүшелік тек мүшенің өз қалауымен және тек өзі үшін "
                "тоқтатылады ({rule})."
            ),
            "ru": (
                "Без решения Председателя членство прекращается только по собственному "
                "желанию члена и только им самим ({rule})."
            ),
            "en": (
                "Without the Chairman's decision a membership ends only at the member's own "
                "wish, and only by the member themself ({rule})."
            ),
        },
        "title.person_already_regional_member": {
            "kk": "Адам өңір ассамблеясының мүшесі болып табылады",
            "ru": "Лицо уже является членом ассамблеи региона",
            "en": "Already a member of a regional assembly",
        },
        "person_already_regional_member": {
            "kk": (
                "Бұл адам басқа өңір ассамблеясының мүшесі; алдымен сол мүшелікті тоқтатыңыз "
                "(Заң 2008, 17-бап)."
            ),
            "ru": (
                "Это лицо уже является членом ассамблеи другого региона; сначала прекратите "
                "то членство (Закон 2008, ст. 17)."
            ),
            "en": (
                "This person is already a member of a regional assembly; end that membership "
                "first (Law 2008 Art. 17)."
            ),
        },
        "end_ground_regional_only": {
            "kk": (
                "«{ground}» негізі тек өңір ассамблеясындағы мүшелікті тоқтатады, Ассамблеядағы "
                "мүшелікті емес ({rule})."
            ),
            "ru": (
                "Основание «{ground}» прекращает только членство в ассамблее региона, а не в "
                "Ассамблее ({rule})."
            ),
            "en": (
                "The ground '{ground}' ends a regional assembly's membership only, never the "
                "Assembly's ({rule})."
            ),
        },
        "regional_candidacy_step": {
            "kk": (
                "{assembly} ассамблеясына кандидатураны сол ассамблея өз шешімімен қарайды; "
                "Ассамблея Кеңесінің қарауы мен ұсынуы қолданылмайды ({rule})."
            ),
            "ru": (
                "Кандидатуру в ассамблею {assembly} рассматривает сама эта ассамблея своим "
                "решением; рассмотрение Советом Ассамблеи и представление не применяются ({rule})."
            ),
            "en": (
                "A candidacy for the assembly {assembly} is decided by that assembly itself; "
                "the Council's review and the submission do not apply ({rule})."
            ),
        },
        "assembly_region_mismatch": {
            "kk": "{assembly} ассамблеясының мүшесі сол өңірде тұрады, {region} өңірінде емес.",
            "ru": "Член ассамблеи {assembly} проживает в этом регионе, а не в {region}.",
            "en": "A member of the assembly {assembly} lives in its region, not in {region}.",
        },
    }
)
