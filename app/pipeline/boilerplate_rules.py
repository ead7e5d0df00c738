# ruff: noqa: E501  (regex tables read best one rule per line)
"""Boilerplate line rules, as data: what page furniture looks like.

Each rule is (anchors, pattern, reason); anchors are words that must be present
(see gate.py), the pattern is searched in the lowercased plain text of one line.
"""

from __future__ import annotations

# (anchor word, pattern on the lowercased plain text, reason). The anchor is a regex
# one word of the line must fullmatch (see gate.py); the pattern must then match.
# A rule about page chrome never eats a long paragraph that merely mentions it.
LINE_RULES: tuple[tuple[str, str | None, str], ...] = (
    # cookie notices
    (
        r"cookies?",
        r"\bcookies?\b.{0,80}\b(?:polic|consent|accept|preferences|settings|use)|\b(?:accept|reject|manage|consent to)\b.{0,40}\bcookies\b",
        "cookie notice",
    ),
    (r"partners", r"\bwe and our partners\b", "cookie notice"),
    (
        r"cookies?",
        r"\bwe use cookies\b|\buse of cookies\b|\bcookies? (?:to|on|help)\b",
        "cookie notice",
    ),
    (r"personal", r"\bpersonal data\b.{0,60}\b(?:allows|process)", "cookie notice"),
    (r"privacy", r"\bprivacy (?:settings|policy)\b", "cookie notice"),
    (r"store", r"^store and/or access information on a device", "cookie notice"),
    # share widgets
    (
        r"share|tweet|email|print|copy|copied",
        r"^(?:share|share this|share on \w+|tweet|email|print|copy link|copied)\b.{0,60}$",
        "share widget",
    ),
    (
        r"facebook|twitter|whatsapp|linkedin|telegram|reddit",
        r"\b(?:facebook|twitter|whatsapp|linkedin|telegram|reddit)\b.{0,40}\bshare\b|\bshare (?:news )?on (?:facebook|twitter|x|whatsapp|linkedin|telegram)\b",
        "share widget",
    ),
    (r"!email|!url-copy|email|url-copy", r"!(?:email|url-copy)\b", "share widget"),
    (r"make|tipxmake", r"^(?:tipx)?make a text selection", "share widget"),
    # sign-up prompts and adverts
    (
        r"newsletter",
        r"\bnewsletter\b.{0,120}\b(?:sign up|subscribe|inbox|essential guide)",
        "sign-up prompt",
    ),
    (
        r"sign|subscribe & here|now|today|newsletter|free|updates",
        r"\b(?:sign up|subscribe)\b.{0,40}\b(?:here|now|today|newsletter|free|updates)\b",
        "sign-up prompt",
    ),
    (
        r"alerts|first|notification\S*|download",
        r"\bget instant alerts\b|\bbe the first to know\b|^notification|^download (?:the|our) app",
        "sign-up prompt",
    ),
    (
        r"stream|month|closer|brings",
        r"\bstream\b.{0,60}\bper month|a month without a contract|\bget closer to the action\b|\bbrings you more of the latest\b",
        "sign-up prompt",
    ),
    (
        r"join",
        r"^join us at\b|^join (?:the|our) .{0,40}\b(?:mailing list|newsletter)",
        "sign-up prompt",
    ),
    (
        r"delivered|inbox|list|subscribers|subscription|subscribe",
        r"\bdelivered to (?:you|your inbox)\b|\bmailing list\b|\bavailable to subscribers\b|\bsubscribe to\b|\bsubscription\b.{0,40}\b(?:offer|plan|month)",
        "sign-up prompt",
    ),
    (
        r"privacy|value",
        r"\bwe value your privacy\b|\bwe will not (?:rent|sell|share) your\b",
        "cookie notice",
    ),
    (
        r"copyright|rights|©|modified|advertise|sitemap|site",
        r"^copyright\b|©\s*\d{4}|\ball rights reserved\b|^page last modified\b|\badvertise with us\b|\bsite ?map\b",
        "page chrome",
    ),
    # page chrome
    (r"skip", r"\bskip to (?:main )?content\b", "page chrome"),
    (r"scroll", r"^scroll carousel", "page chrome"),
    (r"browser", r"your browser does not support", "page chrome"),
    (r"error|exception", r"an (?:unhandled )?(?:error|exception) has occurred", "page chrome"),
    (r"reload", r"^reload\b", "page chrome"),
    (r"please", r"^please make sure all the provided information", "page chrome"),
    (r"requested", r"the content you requested does not exist", "page chrome"),
    (r"liveblog|blog|live", r"this live ?blog is no longer being updated", "page chrome"),
    (
        r"reading|next|read|see|show|load|advertisement|more|most|recommended|related|trending|top|latest|watch|listen",
        r"^(?:reading now|next up|read more|see more|show more|load more|advertisement|more from|most read|recommended|related(?: articles| stories| content)?|trending|top stories|latest news|watch live|listen)\b.{0,100}$",
        "page chrome",
    ),
    (
        r"official",
        r"^an official (?:website|\w+ website) of\b|official .{0,40}website addresses are in the",
        "page chrome",
    ),
    (
        r"exclusive|standards|opens",
        r"^(?:exclusive news, data and analytics|our standards:|opens new tab$)",
        "page chrome",
    ),
    (r"tracks", r"\bjoin the tracks and complete\b", "page chrome"),
    (
        r"home|menu|search|log|login|sign|subscribe|donate|contact",
        r"^(?:home|menu|search|log ?in|sign in|subscribe|donate|contact us)$",
        "page chrome",
    ),
    (
        r"min|mins|minutes?|hours?|hrs?|hr",
        r"^(?:\W*\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\s+ago\b)",
        "page chrome",
    ),
    (
        r"ago|utc|\w*category\w*",
        r"\bcategory\b ?· .{0,40}\b(?:ago|utc)\b|^\w+category\w",
        "page chrome",
    ),
    (
        r"issued|updated|published|modified",
        r"^(?:issued on|updated|published|modified|last updated)\s*:?\s*\d",
        "page chrome",
    ),
    (
        r"public|upcoming|event|launch|webinar",
        r"^(?:public event|upcoming event|event|webinar|report launch)\b.{0,80}(?:\d{1,2}:\d{2}|\d{4})",
        "page chrome",
    ),
    (
        r"download|pdf|kb|mb",
        r"\b\d+ ?(?:kb|mb) ?, ?pdf\b|^download (?:the |full )?(?:report|pdf|file)\b",
        "page chrome",
    ),
    (
        r"sign|subscribe & receive|alerted|inbox|notified",
        r"\b(?:sign up|subscribe)\b.{0,60}\b(?:receive|alerted|inbox|notified)\b",
        "sign-up prompt",
    ),
    (r"newsletter|newsletters", r"^.{0,160}\bnewsletters?\b.{0,160}$", "sign-up prompt"),
    (r"click & here", r"^.{0,200}\bclick here\b.{0,200}$", "page chrome"),
    (
        r"commenting|comment|comments|conversation",
        r"\bcommenting is\b|\bcomment guidelines\b|\bjoin the conversation\b|\byou are commenting as\b|\bcomments? (?:are|is) closed\b",
        "page chrome",
    ),
    (
        r"website|loading|troubleshooting|javascript",
        r"\bwebsite from loading\b|\btroubleshooting tips\b|\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b",
        "page chrome",
    ),
    (
        r"illustration|photo|photos|image|images|picture|graphic|collage|video",
        r"^(?:an? |the )?(?:illustration|photo|photos|image|images|picture|pictures|graphic|collage|video still|file photo) (?:shows|of|showing|depicts)\b",
        "image caption",
    ),
    (
        r"maximum|storage|cookie|tracker|indexeddb|cookiebot|declaration|used|necessary|consent|legitimate|#iabv2_body_legitimate_interest_intro#",
        r"\bmaximum storage duration\b|\bhttp cookie\b|\blocal storage\b|\bpixel tracker\b|\bindexeddb\b|\bcookiebot\b|\bcookie declaration\b|\bused to (?:track|check|implement|distinguish|store|detect|register|collect|remember)\b|\bnecessary for the (?:implementation|functionality)\b|\bconsent applies to\b|\blegitimate interest\b",
        "cookie notice",
    ),
    (r"learn|more:learn|more", r"^learn more\b|\blearn more:|\bread more$", "page chrome"),
    (
        r"skip|contentskip",
        r"\bskip to (?:main )?(?:content|navigation|search|footer)",
        "page chrome",
    ),
    (
        r"notifications?|verification|inbox|download",
        r"\bpossible notifications\b|\bnotifications? for this\b|\bverification code\b|\bcheck your inbox\b|\bdownload videos from\b",
        "sign-up prompt",
    ),
    (r"consult|pdf|references", r"\b(?:consult|see) the pdf\b|^please consult\b", "publisher note"),
    (r"error|directive", r"\berror occurred\b", "page chrome"),
    (r"source:|sources:|source|sources", r"^sources?: [^.]{0,120}$", "image caption"),
    (r"follow", r"^follow (?:\S+ ){0,3}(?:coverage|updates|live|us)\b", "page chrome"),
    (
        r"password|account|verify|log|code",
        r"\b(?:reset|new|your) password\b|\bpassword must\b|\bverify your (?:account|email)\b|\blog in with\b",
        "page chrome",
    ),
    (
        r"his|her|their & expertise|research|work|interests",
        r"^(?:his|her|their) (?:areas? of )?(?:expertise|research|work|interests) (?:include|includes|focus|focuses|covers|cover)\b",
        "byline",
    ),
    (r"more", r"^more about\b", "page chrome"),
    (r"source:|sources:", r"(?:^|[.!?] )sources?: [^.]{0,100}$", "image caption"),
    (
        r"reporting|fromkyiv|from",
        r"\breporting from ?\w+$|^(?:international|diplomatic|security|defence|chief|senior) (?:\w+ )?(?:editor|correspondent)\b",
        "byline",
    ),
    (
        r"show|preferred|google",
        r"^show me more content from\b|\bas a preferred source\b|\bon google search$",
        "page chrome",
    ),
    (r"translate|feedback", r"\bgoogle translate\b|^your feedback will\b", "page chrome"),
    (
        r"journalism|member|supporter|subscriber|donate|patreon",
        r"\bsupport (?:\S+ ){0,2}journalism\b|\bbecome a (?:paying )?(?:member|supporter|subscriber|patron)\b(?! of)|\bpatreon\b",
        "sign-up prompt",
    ),
    # publisher notes
    (
        r"views & expressed|reflect",
        r"\bviews expressed\b.{0,80}\b(?:solely|do not|author)|\bdo not necessarily reflect\b",
        "publisher note",
    ),
    (r"mission", r"^the [\w .&’'-]{2,60}(?:’s|'s) mission is\b", "publisher note"),
    (r"click\w*", r"^click\s*here\b", "publisher note"),
    (r"methodology", r"\bfor more information on \w+'?s? (?:map )?methodology\b", "publisher note"),
    (r"classified", r"\bdoes not receive any classified material\b", "publisher note"),
    (r"report & detail", r"\bwe do not report in detail on\b", "publisher note"),
    # ISW's standing list of Russian objectives (the section headings are content).
    (
        r"effort",
        r"^russian (?:subordinate )?main effort(?: #\d)? [–-] (?:push|capture|cross|maintain|create|secure|eastern ukraine \(comprised)",
        "publisher note",
    ),
    # bylines
    (
        r"fellow|analyst|editor|reporter|correspondent|writer|journalist|professor|researcher|director|expert|contributor|chief",
        r"^[a-z][\w.'’-]++(?: [a-z][\w.'’-]++){1,3},? (?:is|was) (?:a|an|the) (?:[\w-]+ ){0,5}(?:fellow|analyst|editor|reporter|correspondent|writer|journalist|professor|researcher|director|expert|contributor|chief)\b",
        "byline",
    ),
    (
        r"reporting|writing|editing|additional",
        r"^(?:reporting|writing|editing|additional reporting) by\b",
        "byline",
    ),
    (r"posted", r"^posted (?:on )?\w+,? .{0,30}\d{4} by\b", "byline"),
    (
        r"editor|reporter|correspondent|writer|journalist|producer|columnist",
        r"\bis (?:a|an|the) (?:\w+ ){0,3}(?:editor|reporter|correspondent|writer|journalist|producer|columnist)\b(?: at| for| of)\b.{0,120}$",
        "byline",
    ),
    # image captions and credits
    (r"item", r"^item \d+ of \d+\b", "image caption"),
    (r"\[?\d+/\d+\]?", r"^\[?\d+/\d+\]?\s", "image caption"),
    (
        r"getty|reuters|afp|ap|photo|photograph|image|file|credit",
        r"\b(?:getty images|reuters/|afp via getty|/afp\b|afp photo|ap photo|photo:|\(photo|photograph:|image:|file photo|\[file:|credit:)",
        "image caption",
    ),
    (r"images|photo|pool", r"—\s*[\w ]*(?:images|photo|pool)\s*$", "image caption"),
    # teasers
    (r"list", r"^list \d+ of \d+", "teaser"),
)
