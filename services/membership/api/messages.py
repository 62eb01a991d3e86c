"""Membership's messages in Kazakh, Russian and English: one catalogue per resource, given to
the app by the composition root (``main.py``), which registers them in the shared catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shared.i18n import Language

Catalogue = Mapping[str, Mapping[Language, str]]

MEMBERS: Final[Catalogue] = {
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
"""Members and candidacies."""

POSTS: Final[Catalogue] = {
    "title.post_already_held": {
        "kk": "Лауазым бұрыннан атқарылуда",
        "ru": "Должность уже занимается",
        "en": "Post already held",
    },
    "post_already_held": {
        "kk": "Бұл адам осы кезеңде бұл лауазымды атқарып отыр.",
        "ru": "Это лицо уже занимает эту должность в указанный период.",
        "en": "This person already holds this post in that period.",
    },
    "title.post_term_already_ended": {
        "kk": "Өкілеттік мерзімі аяқталған",
        "ru": "Срок полномочий уже прекращён",
        "en": "Term already ended",
    },
    "post_term_already_ended": {
        "kk": "Бұл өкілеттік мерзімі бұрын тоқтатылған; екінші шешім қабылданбайды.",
        "ru": "Этот срок полномочий уже прекращён; повторное решение не принимается.",
        "en": "This term has already ended; a second decision is refused.",
    },
    "post_region_required": {
        "kk": "Өңір ассамблеясының лауазымы үшін өңір көрсетілуі керек ({rule}).",
        "ru": "Для должности в ассамблее региона необходимо указать регион ({rule}).",
        "en": "A regional assembly's post needs the region ({rule}).",
    },
    "post_region_unknown": {
        "kk": ("«{region}» облыс, республикалық маңызы бар қала немесе астана емес ({rule})."),
        "ru": (
            "«{region}» не является областью, городом республиканского значения "
            "или столицей ({rule})."
        ),
        "en": (
            "'{region}' is not a region, a city of republican significance or the capital ({rule})."
        ),
    },
    "post_field_not_applicable": {
        "kk": "{field} өрісі бұл лауазымға қолданылмайды.",
        "ru": "Поле {field} не применяется к этой должности.",
        "en": "The field {field} does not apply to this post.",
    },
    "post_not_of_body": {
        "kk": "{post} лауазымы {body} органына жатпайды.",
        "ru": "Должность {post} не относится к органу {body}.",
        "en": "The post {post} does not belong to the body {body}.",
    },
    "post_holder_member_or_name": {
        "kk": (
            "Лауазым иесін не Ассамблея мүшесі ретінде, не аты-жөнімен көрсетіңіз — екеуінің "
            "біреуін ғана."
        ),
        "ru": (
            "Укажите лицо, занимающее должность, либо как члена Ассамблеи, либо по фамилии, "
            "имени и отчеству — что-то одно."
        ),
        "en": ("Give the holder either as an Assembly member or by name: exactly one of the two."),
    },
    "post_holder_of_another_assembly": {
        "kk": (
            "Бұл лауазымды осы органның ассамблеясының мүшесі атқарады; бұл мүшелік "
            "{assembly} ассамблеясына жатады ({rule})."
        ),
        "ru": (
            "Эту должность занимает член ассамблеи этого органа; это членство относится к "
            "ассамблее {assembly} ({rule})."
        ),
        "en": (
            "This post is held by a member of its body's assembly; this membership is of "
            "the assembly {assembly} ({rule})."
        ),
    },
    "post_requires_member": {
        "kk": "Бұл лауазымды тек Ассамблея мүшесі атқара алады ({rule}).",
        "ru": "Эту должность может занимать только член Ассамблеи ({rule}).",
        "en": "Only a member of the Assembly may hold this post ({rule}).",
    },
    "post_holder_not_a_member": {
        "kk": "Бұл адам {on} күні Ассамблея мүшесі емес ({rule}).",
        "ru": "Это лицо не является членом Ассамблеи на {on} ({rule}).",
        "en": "This person is not a member of the Assembly on {on} ({rule}).",
    },
    "post_rotation_terms_required": {
        "kk": (
            "Этномәдени бірлестіктерден Төраға орынбасары Кеңестің ұсынымы негізінде "
            "тағайындалады, ал алмасу кезеңін Президент айқындайды: Кеңес ұсынымының "
            "деректемелерін және алмасу кезеңін (айлармен) көрсетіңіз ({rule})."
        ),
        "ru": (
            "Заместитель Председателя от этнокультурных объединений назначается на "
            "основании рекомендации Совета, период ротации определяет Президент: укажите "
            "реквизиты рекомендации Совета и период ротации в месяцах ({rule})."
        ),
        "en": (
            "A Deputy Chairman from the ethnocultural associations is appointed on the "
            "Council's recommendation, for a rotation period the President sets: give the "
            "recommendation and the rotation period in months ({rule})."
        ),
    },
    "post_rotation_period_invalid": {
        "kk": "Алмасу кезеңі 1 айдан {max} айға дейін болуы керек.",
        "ru": "Период ротации должен составлять от 1 до {max} месяцев.",
        "en": "The rotation period must be 1 to {max} months.",
    },
    "post_council_recommendation_required": {
        "kk": (
            "Төраға орынбасары Ассамблея Кеңесінің ұсынымы негізінде тағайындалады: "
            "Кеңес ұсынымының деректемелерін көрсетіңіз ({rule})."
        ),
        "ru": (
            "Заместитель Председателя назначается на основании рекомендации Совета "
            "Ассамблеи: укажите реквизиты рекомендации Совета ({rule})."
        ),
        "en": (
            "A Deputy Chairman is appointed on the Council's recommendation: give the "
            "recommendation's number and date ({rule})."
        ),
    },
    "post_recommendation_after_order": {
        "kk": ("Кеңес ұсынымының күні Президент өкімінің күнінен кейін болмауы керек ({rule})."),
        "ru": (
            "Рекомендация Совета не может быть датирована позже распоряжения Президента ({rule})."
        ),
        "en": (
            "The Council's recommendation cannot be dated after the President's order ({rule})."
        ),
    },
    "post_council_proposal_required": {
        "kk": (
            "Сенат депутаты Ассамблея Кеңесінің ұсынысы бойынша тағайындалады: "
            "Кеңес ұсынысының деректемелерін көрсетіңіз ({rule})."
        ),
        "ru": (
            "Депутат Сената назначается по предложению Совета Ассамблеи: "
            "укажите реквизиты предложения Совета ({rule})."
        ),
        "en": (
            "A Senate deputy is appointed on the Council's proposal: "
            "give the proposal's number and date ({rule})."
        ),
    },
    "post_proposal_after_appointment": {
        "kk": ("Кеңес ұсынысының күні тағайындау актісінің күнінен кейін болмауы керек ({rule})."),
        "ru": "Предложение Совета не может быть датировано позже акта о назначении ({rule}).",
        "en": "The Council's proposal cannot be dated after the act of appointment ({rule}).",
    },
    "post_one_seat_per_person": {
        "kk": (
            "Бұл адам осы органда {on} бастап басқа лауазымды атқарады; бір адам "
            "бір орынды ғана иелене алады ({rule})."
        ),
        "ru": (
            "Это лицо с {on} занимает другую должность в этом органе; одно лицо "
            "может занимать только одно место ({rule})."
        ),
        "en": (
            "This person holds another post of this body since {on}; one person holds "
            "one seat only ({rule})."
        ),
    },
    "post_sec_officer_not_member": {
        "kk": (
            "Ғылыми-сарапшылық кеңестің төрағасы мен оның орынбасарлары кеңес мүшелерінің "
            "қатарынан сайланады: бұл адам {on} күні кеңес мүшесі емес ({rule})."
        ),
        "ru": (
            "Председатель Научно-экспертного совета и его заместители избираются из числа "
            "членов совета: это лицо не является членом совета на {on} ({rule})."
        ),
        "en": (
            "The Scientific-Expert Council's chair and deputies are elected from its "
            "members: this person is not a member on {on} ({rule})."
        ),
    },
    "post_sec_officer_outlives_membership": {
        "kk": (
            "Ғылыми-сарапшылық кеңестегі мүшелік тоқтатылатын күннен кейін де бұл адамның "
            "кеңестегі лауазымы жалғасады; алдымен сол лауазымды тоқтатыңыз ({rule})."
        ),
        "ru": (
            "Должность этого лица в Научно-экспертном совете продолжается после даты "
            "прекращения членства в совете; сначала прекратите эту должность ({rule})."
        ),
        "en": (
            "This person's office in the Scientific-Expert Council would outlast the "
            "membership; end that office first ({rule})."
        ),
    },
    "post_seat_limit_reached": {
        "kk": "{on} күні бұл лауазымның барлық орындары ({limit}) толған ({rule}).",
        "ru": "На {on} все места этой должности ({limit}) заняты ({rule}).",
        "en": "On {on} all {limit} seats of this post are taken ({rule}).",
    },
    "post_term_end_not_after_start": {
        "kk": "Өкілеттік мерзімі басталған күннен ({start_on}) кейін аяқталуы керек.",
        "ru": "Срок полномочий должен заканчиваться позже даты начала ({start_on}).",
        "en": "A term must end after the day it started ({start_on}).",
    },
}
"""Bodies and posts."""

REFERENCE: Final[Catalogue] = {
    "title.region_already_registered": {
        "kk": "Өңір бұрын тіркелген",
        "ru": "Регион уже зарегистрирован",
        "en": "Region already registered",
    },
    "region_already_registered": {
        "kk": "«{region}» кодымен өңір бұрын тіркелген.",
        "ru": "Регион с кодом «{region}» уже зарегистрирован.",
        "en": "A region with the code “{region}” is already registered.",
    },
    "title.ethnic_group_already_registered": {
        "kk": "Этнос бұрын тіркелген",
        "ru": "Этнос уже зарегистрирован",
        "en": "Ethnic group already registered",
    },
    "ethnic_group_already_registered": {
        "kk": "«{ethnic_group}» кодымен этнос бұрын тіркелген; код бір рет қана беріледі.",
        "ru": "Этнос с кодом «{ethnic_group}» уже зарегистрирован; код присваивается один раз.",
        "en": (
            "An ethnic group with the code “{ethnic_group}” is already registered; "
            "a code is assigned only once."
        ),
    },
    "title.association_already_registered": {
        "kk": "Бірлестік бұрын тіркелген",
        "ru": "Объединение уже зарегистрировано",
        "en": "Association already registered",
    },
    "association_already_registered": {
        "kk": "Бұл бірлестік бұрын тіркелген.",
        "ru": "Это объединение уже зарегистрировано.",
        "en": "This association is already registered.",
    },
    "title.association_closed": {
        "kk": "Бірлестік жабылған",
        "ru": "Объединение закрыто",
        "en": "Association closed",
    },
    "association_closed": {
        "kk": "Бұл бірлестік жабылған; оны өзгертуге болмайды.",
        "ru": "Это объединение закрыто; изменения не допускаются.",
        "en": "This association is closed; it can no longer be changed.",
    },
    "regional_association_needs_region": {
        "kk": "Өңірлік бірлестік үшін оның өңірі көрсетілуі керек ({rule}).",
        "ru": "Для регионального объединения должен быть указан его регион ({rule}).",
        "en": "A regional association must name its region ({rule}).",
    },
    "republican_association_has_no_region": {
        "kk": (
            "Республикалық бірлестік бүкіл ел аумағында әрекет етеді: өңір көрсетілмейді ({rule})."
        ),
        "ru": (
            "Республиканское объединение действует на всей территории страны: "
            "регион не указывается ({rule})."
        ),
        "en": (
            "A republican association acts throughout the country: it names no region ({rule})."
        ),
    },
    "ethnocultural_association_needs_ethnic_group": {
        "kk": "Этномәдени бірлестік үшін ол өкілдік ететін этнос көрсетілуі керек ({rule}).",
        "ru": (
            "Для этнокультурного объединения должен быть указан этнос, "
            "который оно представляет ({rule})."
        ),
        "en": "An ethnocultural association must name the ethnic group it represents ({rule}).",
    },
    "ethnic_group_only_for_ethnocultural": {
        "kk": "Этнос тек этномәдени бірлестік үшін көрсетіледі ({rule}).",
        "ru": "Этнос указывается только для этнокультурного объединения ({rule}).",
        "en": "An ethnic group is named only for an ethnocultural association ({rule}).",
    },
    "unknown_region": {
        "kk": (
            "«{region}» өңірі анықтамалықта жоқ: облыстардың, республикалық маңызы бар "
            "қалалардың және астананың бірін көрсетіңіз ({rule})."
        ),
        "ru": (
            "Региона «{region}» нет в справочнике: укажите одну из областей, городов "
            "республиканского значения или столицу ({rule})."
        ),
        "en": (
            "The region “{region}” is not in the reference data: name one of the regions, "
            "cities of republican significance or the capital ({rule})."
        ),
    },
    "unknown_ethnic_group": {
        "kk": (
            "«{ethnic_group}» этносы анықтамалықта жоқ; оны алдымен Хатшылық "
            "тіркеуі керек ({rule})."
        ),
        "ru": (
            "Этноса «{ethnic_group}» нет в справочнике; сначала его должен "
            "зарегистрировать Секретариат ({rule})."
        ),
        "en": (
            "The ethnic group “{ethnic_group}” is not in the reference data; "
            "the Secretariat must register it first ({rule})."
        ),
    },
}
"""Reference data: regions, ethnic groups, associations."""

RULEBOOKS: Final[Catalogue] = {
    "rulebook_invalid": {
        "kk": "Ереже нұсқасы жарамсыз: {problem}",
        "ru": "Версия положения некорректна: {problem}",
        "en": "The rulebook version is not valid: {problem}",
    },
    "rulebook_not_chained": {
        "kk": "Ереже нұсқасы басқа нұсқалармен үйлеспейді: {problem}",
        "ru": "Версия положения не согласуется с другими версиями: {problem}",
        "en": "The rulebook version does not chain with the others: {problem}",
    },
    "rulebook_no_successor": {
        "kk": "«{assembly}» ешбір органның ізбасары емес.",
        "ru": "«{assembly}» не является преемником какого-либо органа.",
        "en": "“{assembly}” succeeds no other body.",
    },
    "title.rulebook_version_exists": {
        "kk": "Ереже нұсқасы бар",
        "ru": "Версия положения уже есть",
        "en": "Rulebook version exists",
    },
    "rulebook_version_exists": {
        "kk": "{assembly} үшін {rulebook} нұсқасы жарияланған; өзгерту жаңа нұсқамен ғана.",
        "ru": "Версия {rulebook} для {assembly} уже опубликована; изменения — только новой "
        "версией.",
        "en": "Version {rulebook} of {assembly} is published; a change is a new version.",
    },
    "composition_category_without_quota": {
        "kk": "«{category}» санатына квота жоқ; квоталар: {quotas} ({rule}).",
        "ru": "Для категории «{category}» квоты нет; квоты: {quotas} ({rule}).",
        "en": "The category “{category}” has no quota; the quotas: {quotas} ({rule}).",
    },
    "composition_quota_full": {
        "kk": "{on} бастап «{category}» квотасының {seats} орны толған ({rule}).",
        "ru": "С {on} все {seats} мест квоты «{category}» заняты ({rule}).",
        "en": "From {on} all {seats} seats of the quota “{category}” are taken ({rule}).",
    },
    "composition_full": {
        "kk": "{on} бастап барлық {total} орын толған ({rule}).",
        "ru": "С {on} все {total} мест заняты ({rule}).",
        "en": "From {on} all {total} seats are taken ({rule}).",
    },
    "succession_already_in_effect": {
        "kk": "Мұрагерлік күні ({on}) келіп қойған: ол өзгертілмейді ({rule}).",
        "ru": "Дата преемства ({on}) уже наступила: она не изменяется ({rule}).",
        "en": "The succession date ({on}) has come: it is not moved ({rule}).",
    },
    "succession_before_successor": {
        "kk": "Мұрагерлік {earliest} күнінен ерте болмайды, ал {on} көрсетілген ({rule}).",
        "ru": "Преемство не может наступить ранее {earliest}, указано {on} ({rule}).",
        "en": "The succession cannot come before {earliest}; {on} was given ({rule}).",
    },
}
"""The rulebook ledger."""

CATALOGUES: Final[tuple[Catalogue, ...]] = (MEMBERS, POSTS, REFERENCE, RULEBOOKS)
