# ReachIn message catalogue: British English (the default, complete catalogue).
# Other locales hold only the messages that differ and fall back to this one.

app-name = ReachIn
skip-to-content = Skip to main content
nav-label = Main
sign-out = Sign out
footer-confidential = Peer support is confidential: nothing you share here goes to your managers.

## Dates: strftime patterns, in the organisation's time zone
format-datetime = %-d %b %Y, %H:%M
format-date = %-d %B %Y

## Words that differ between countries
term-emergency-department = A&E

## Signing in
sign-in-title = Sign in
sign-in-intro = For peer supporters, programme coordinators, leaders and administrators. You do not need an account to ask for support.
sign-in-email = Email address
sign-in-password = Password
sign-in-button = Sign in
sign-in-help = Forgotten your password? Ask your programme coordinator or organisation admin.
sign-in-wrong = That email address and password do not match an account. Check them and try again.
sign-in-throttled = Too many attempts. Wait { $seconds } seconds, then try again.

## Roles
role-coordinator = Coordinator
role-supporter = Supporter
role-leader = Leader
role-org-admin = Organisation admin
role-integration = Integration

## Navigation
nav-directory = Staff directory
nav-network = Network
choose-title = Choose where to go
choose-intro = You have roles in more than one organisation.

## Home pages
home-coordinator-title = Coordinator home
home-coordinator-intro = Run { $org }'s peer support programme: new requests, matching, time targets and your supporters.
home-supporter-title = Supporter home
home-supporter-intro = Colleagues you are asked to reach in to at { $org } will appear here. Only you see your cases.
home-leader-title = Leader home
home-leader-intro = Programme and wellbeing figures for { $org }, always as totals that cannot single anyone out.
home-org-admin-title = Organisation admin home
home-org-admin-intro = Users, roles, the staff directory and settings for { $org }. Support cases are not visible here.
home-network-title = Network home
home-network-intro = The organisations on this installation. You see settings and totals only, never cases or people.

## Figures
fact-supporters = Peer supporters
fact-people = People in the staff directory
fact-working-hours = Programme working hours
fact-overdue = Overdue first contacts
fact-referrals-this-month = Referrals this month
fact-median-first-contact = Median time to first contact (past year)
hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
fact-today = Today
fact-suppression-floor = Smallest group shown
fact-time-zone = Time zone
fact-locale = Language
fact-organisations = Organisations

## Tables
network-orgs-caption = Organisations
column-name = Name
column-slug = Short name
column-department = Department
column-profession = Profession
column-grade = Grade
column-site = Site
directory-caption = Staff directory, by name
directory-intro = { $count } people in the directory.
pager-label = Pages
pager-previous = Previous page
pager-next = Next page

## Professions
profession-doctor = Doctor
profession-nurse = Nurse
profession-midwife = Midwife
profession-allied-health = Allied health professional
profession-pharmacist = Pharmacist
profession-healthcare-assistant = Healthcare assistant
profession-other = Other staff

## Grades: by profession family, in this country's words
grade-doctor-student = Medical student
grade-doctor-early-career = Foundation doctor
grade-doctor-practitioner = Resident doctor
grade-doctor-senior = Consultant
grade-doctor-lead = Clinical director
grade-nurse-student = Student nurse
grade-nurse-early-career = Newly qualified nurse
grade-nurse-practitioner = Staff nurse
grade-nurse-senior = Senior sister or charge nurse
grade-nurse-lead = Matron
grade-staff-student = Student
grade-staff-early-career = Early career
grade-staff-practitioner = Practitioner
grade-staff-senior = Senior
grade-staff-lead = Lead

## Errors: a title and a detail for each kind
error-home-link = Go to the start page
error-not-signed-in = Sign in needed
error-not-signed-in-detail = Sign in to see this page.
error-forbidden = Not available to your role
error-forbidden-detail = Your role does not include this. If you think it should, ask your organisation admin.
error-not-found = Page not found
error-not-found-detail = There is nothing here. Check the address, or go back to the start page.
error-forgery = Form expired
error-forgery-detail = This form could not be accepted because it was out of date or came from another site. Go back, reload the page and try again.
error-bad-request = Request not understood
error-bad-request-detail = The request could not be read: it is malformed or not valid UTF-8.
error-invalid = Check your entry
error-invalid-detail = Some of what was sent is not acceptable.
error-conflict = Already changed
error-conflict-detail = This clashes with something that already exists or was changed meanwhile.
error-too-large = Too much at once
error-too-large-detail = The request is larger than ReachIn accepts.
error-unsupported-media-type = Wrong format
error-unsupported-media-type-detail = This address does not accept data in that format.
error-too-many-requests = Too many requests
error-too-many-requests-detail = Wait a moment, then try again.
error-method-not-allowed = Not possible here
error-method-not-allowed-detail = This address does not accept that kind of request.
error-internal = Something went wrong
error-internal-detail = ReachIn could not complete this. Nothing you sent has been lost; try again in a moment.

## Field errors
field-empty = { $field } must not be empty.
field-too-long = { $field } must be at most { $max } characters.
field-control-character = { $field } must be a single line without control characters.
field-not-an-email = { $field } is not an email address.
field-unknown-code = { $field } is not one of the accepted values.
field-not-an-id = { $field } is not a valid id.
field-own-manager = { $field }: a person cannot be their own manager.
error-limit-range = limit must be between 1 and { $max }.
conflict-org-slug = An organisation with this short name already exists.
conflict-person-identifier = A person with this employee id or email is already in the directory.
conflict-user-email = An account with this email already exists.
conflict-token = Try again.
missing-manager = The manager is not in this organisation's directory.
missing-person = The person is not in this organisation's directory.
missing-user = There is no such account.

## Cases: words for codes
state-new = New
state-assigned = Assigned
state-accepted = Accepted
state-contacted = Contacted
state-escalated = Escalated
state-closed = Closed
state-withdrawn = Withdrawn
source-self = Asked for themself
source-colleague = Colleague referral
source-leader = Leader referral
source-safety-event = Safety event
source-coordinator = Entered by the coordinator
urgency-routine = Routine
urgency-urgent = Urgent
outcome-supported = Supported
outcome-declined = Declined support
outcome-no-response = No response
outcome-referred-on = Referred on
outcome-self-resolved = Resolved before contact
channel-phone = Phone
channel-text = Text message
channel-email = Email
channel-in-person = In person
category-adverse-event = Adverse event or medical error
category-unexpected-death = Unexpected patient death
category-child-death = Death of a child or young adult
category-first-death = First patient death
category-litigation = Litigation or claim
category-complaint = Complaint or regulator investigation
category-workplace-violence = Workplace violence or aggression
category-safety-review = Serious safety event review
category-moral-distress = Moral distress
category-colleague-loss = Death or illness of a colleague
category-personal-loss = Personal loss or illness
category-burnout = Burnout or workload
category-other = Other

## Cases: pages
nav-queue = Triage queue
nav-new-case = New case
queue-title = Triage queue
queue-intro = Open cases, soonest due first. Overdue cases are marked.
queue-empty = No cases match.
queue-filter = Filter
queue-filter-state = State
queue-filter-any-open = Any open state
queue-filter-source = Source
queue-filter-urgency = Urgency
queue-filter-category = Category
queue-filter-any = Any
column-person = Person
column-category = Category
column-state = State
column-due = First contact due
column-supporter = Supporter
column-received = Received
column-urgency = Urgency
column-source = Source
overdue = Overdue
due-by = Due by { $when }
case-title = Case
case-person = Person
case-contact = Contact
case-department = Department
case-category = Category
case-source = Source
case-urgency = Urgency
case-received = Received
case-event-date = Event date
case-state = State
case-supporter = Supporter
case-due = First contact due
case-accept-due = Acceptance due
case-first-contact = First contact made
case-outcome = Outcome
case-preferences = Preferences
case-context = What they said
case-history = History
case-event-cases = All cases from this safety event
case-no-supporter = Not assigned yet
case-assign = Assign a supporter
case-suggested = Suggested supporters
case-assign-button = Assign
case-reassign = Reassign
case-withdraw = Withdraw the case
case-withdraw-button = Withdraw
case-accept-button = Accept this case
case-decline-button = Decline
case-log-contact = Log an outreach attempt
case-channel = How
case-reached = Reached them
case-log-button = Log attempt
case-contact-when = When (leave empty for just now)
case-close = Close the case
case-interactions-label = Conversations held
case-close-button = Close case
case-escalate = Safety concern?
case-escalate-help = If you are worried about their safety, escalate now: the coordinators are told at once.
case-escalate-button = Escalate
case-resolve-button = Resolve escalation
case-touching-base = A first message you could send
case-send-touching-base = Send it from ReachIn
case-open-in-mail = Or open it in your own email
case-touching-base-text = Hello { $name }, I am one of the trained peer supporters at { $org }. I heard things may have been difficult recently and wanted to check in. Would you like to talk? There is no pressure, and everything we discuss stays between us.
pref-gender-woman = Would prefer a woman
pref-gender-man = Would prefer a man
pref-department-same = Someone from the same department
pref-department-other = Someone from another department
pref-same-profession = Someone from the same profession
pref-none = None stated
my-cases-title = My cases
my-cases-empty = You have no open cases. Thank you for being there for your colleagues.
history-by-coordinator = coordinator
history-by-supporter = supporter
history-by-system = ReachIn
history-by-intake = intake
action-open = Opened
action-assign = Assigned
action-accept = Accepted
action-decline = Declined
action-assignment-expired = Not accepted in time
action-log-contact = Outreach attempt
action-escalate = Escalated
action-resolve-escalation = Escalation resolved
action-close = Closed
action-withdraw = Withdrawn

## Emails: a link, never case details
email-new-case-subject = ReachIn: a new request for peer support
email-new-case-body = A new request for peer support has arrived at { $org }. Open it in ReachIn to match a supporter:

    { $link }
email-assignment-subject = ReachIn: a colleague you could reach in to
email-assignment-body = You have been asked to reach in to a colleague at { $org }. Please accept or decline in ReachIn:

    { $link }
email-assignment-expired-subject = ReachIn: an assignment was not accepted in time
email-assignment-expired-body = A case at { $org } was not accepted in time and is back in the triage queue:

    { $link }
email-escalation-subject = ReachIn: a safety concern needs you now
email-escalation-body = A peer supporter at { $org } has raised a safety concern. Please open the case now:

    { $link }
email-contact-due-subject = ReachIn: first contact is due
email-contact-due-body = The first contact with a colleague you are supporting at { $org } is due. If you have reached out already, log it in ReachIn:

    { $link }
email-contact-overdue-subject = ReachIn: first contact is overdue
email-contact-overdue-body = A case at { $org } has had no first contact by its time target:

    { $link }

## Matching: reasons and exclusions
reason-same-profession = same profession
reason-different-profession = different profession
reason-same-specialty = same specialty
reason-senior-enough = same or more senior grade
reason-junior = more junior grade
reason-same-site = same site
reason-speaks-language = speaks their language
reason-requested-gender = the gender they asked for
reason-not-requested-gender = not the gender they asked for
reason-same-department = same department
reason-different-department = different department
reason-open-cases = { $n ->
    [one] 1 active case
   *[other] { $n } active cases
}
reason-not-recently-assigned = not assigned in the last 90 days
exclusion-is-subject = is the person to be supported
exclusion-inactive = not active on the roster
exclusion-untrained = not trained
exclusion-training-lapsed = training has lapsed
exclusion-away = away
exclusion-at-cap = at their caseload cap
exclusion-involved = involved in the same event
exclusion-reporting-line = in their reporting line
exclusion-do-not-contact = they asked not to be contacted by them
exclusion-same-department = same department (not allowed here)

## Resources
nav-resources = Resources
resources-title = Resources
resources-intro = Further help your supporters can offer, shown to clinicians after a request, on every case and at every escalation.
resources-empty = No resources yet. Add your crisis lines first.
resources-add = Add a resource
resources-kind = Kind
resources-how = How to reach it
resources-hours = When it is open (optional)
resources-add-button = Add resource
resources-remove = Remove
resources-offered = Further help offered
resources-offer-button = Record offer
resources-taken-up = Taken up
resources-none-offered = None recorded yet.
resource-crisis = Crisis line
resource-eap = Employee assistance programme
resource-mental-health = Mental health services
resource-chaplaincy = Chaplaincy
resource-legal = Legal support
resource-occupational-health = Occupational health
resource-practitioner-health = Practitioner health service
resource-crisis-line = Crisis line
resource-other = Other help
resource-bad-kind = Choose a kind of resource.
resource-bad-name = Give the resource a name of at most 120 characters.
resource-bad-reach = Say how to reach it, in at most 200 characters.
resource-bad-hours = Opening hours can be at most 120 characters.
support-resources = Other help, any time
email-resource-sheet-subject = Support available to you at { $org }
email-resource-sheet-body = Thank you for letting us know. If you would like support later, you are always welcome to ask. These services are there for you:

    { $resources }

## Follow-up check-ins
follow-up-title = Follow-up check-in
follow-up-date = Date
follow-up-time = Time
follow-up-button = Schedule follow-up
follow-up-calendar = Add to calendar
follow-up-calendar-title = Peer support follow-up
follow-up-bad-time = Choose a date and time in the coming year.
email-follow-up-subject = ReachIn: a follow-up check-in is due
email-follow-up-body = A follow-up check-in you scheduled at { $org } is due now:

    { $link }

## Opting out of automatic outreach
opt-out-title = Opt out of automatic outreach
opt-out-intro = After a difficult event reported by the incident system, a peer supporter normally reaches out to the clinicians involved. You can ask not to be contacted that way. If you ask for support yourself, you will always be helped. Give your work email: we send a link there to confirm.
opt-out-send = Send confirmation link
opt-out-sent = If this address is in the staff directory, a confirmation link is on its way. It works for 48 hours.
opt-out-confirm-text = Confirm that peer supporters should not reach out to you automatically after safety events.
opt-out-confirm = Confirm opt-out
opt-out-done = Done. You will not be contacted automatically after safety events. You can still ask for support at any time.
opt-out-spent = This link has been used or has expired. You can ask for a new one.
support-opt-out-link = Do not want to be contacted automatically after safety events?
email-opt-out-subject = Confirm your opt-out from automatic peer support outreach
email-opt-out-body = Someone (we hope you) asked { $org } not to reach out to you automatically after safety events. To confirm, open this link within 48 hours. If it was not you, ignore this email.

    { $link }

## Helpfulness feedback
feedback-title = Was peer support helpful?
feedback-intro = One question, anonymous: your answer is not linked to you or to your conversation.
feedback-question = How helpful was the peer support you received?
feedback-5 = Very helpful
feedback-4 = Helpful
feedback-3 = Somewhat helpful
feedback-2 = Not very helpful
feedback-1 = Not helpful at all
feedback-send = Send answer
feedback-thanks = Thank you
feedback-thanks-text = Your answer helps the programme support colleagues better.
feedback-spent = This link has been used
feedback-spent-text = Each feedback link works once, for 30 days. Thank you all the same.
feedback-choose = Choose one of the answers.
email-feedback-subject = Was peer support helpful? (one anonymous question)
email-feedback-body = Thank you for talking with a peer supporter at { $org }. Would you tell us, anonymously, whether it helped? One question; the link works once:

    { $link }

## Intake by signed-in staff
nav-refer = Refer a colleague
intake-new-title = New case
intake-new-intro = Enter a request that reached you another way: by phone, in person, or from a manager.
intake-refer-title = Refer a colleague
intake-refer-intro = If a colleague has been through something difficult, a trained peer supporter can reach out to them. Nothing comes back to you about them.
intake-person = Their work email or staff number
intake-unknown-person = Nobody in the staff directory has that work email or staff number.
intake-button = Send
intake-refer-thanks = Thank you. A trained peer supporter will reach out to your colleague. For their privacy, you will not hear more about it.

email-touching-base-subject = Checking in from the { $org } peer support team
email-touching-base-body = Hello { $name },

    I am { $supporter }, one of the trained peer supporters at { $org }. I heard things may have been difficult recently and wanted to check in. Would you like to talk? There is no pressure, and everything we discuss stays between us.

    You can reply to me at { $reply }.

## Asking for support (public page)
support-title = Ask for peer support
support-intro = A trained colleague from { $org } will reach out to you within 24 working hours (within an hour if it is urgent). It is confidential: nothing goes to your manager or to risk management.
support-for = Who is this for?
support-for-self = For me
support-for-colleague = For a colleague
support-your-name = Your name
support-your-email = Your work email
support-your-phone = Your phone (optional)
support-colleague-name = Your colleague's name
support-colleague-email = Your colleague's work email
support-department = Department (optional)
support-category = What happened, in a word
support-urgent = I would like someone to reach out within the hour
support-preferences = Any preferences for who reaches out? (optional)
support-pref-gender = The supporter
support-pref-department = Their department
pref-no-preference = No preference
support-context = Anything you would like the supporter to know (optional, at most 500 characters). Please do not include clinical details.
support-button = Send request
support-done-title = Thank you — your request is with us
support-done-what-next = What happens next: a trained peer supporter will contact { $who } by phone or email within 24 working hours (within an hour if you asked for urgent contact).
support-done-you = you
support-done-colleague = your colleague
support-crisis = If you or anyone is in danger now
support-crisis-text = Call 999 in an emergency. Samaritans are there day and night on 116 123, free.
support-bad-name = Give a name.
support-bad-email = Give a work email address.
support-rate-limited = Too many requests from this network just now. Try again in a few minutes, or call the crisis line below if you need help now.

## Cases: why an action or a request was refused
case-unknown-category = The category is not one of this organisation's event categories.
case-not-open = This case is already closed or withdrawn.
case-wrong-state = That is not possible at this stage of the case.
case-own-supporter = Nobody can be their own supporter.
case-same-supporter = This supporter already holds the case.
case-not-a-supporter = Choose one of the organisation's peer supporters.
case-not-eligible = This supporter cannot take the case: { $reasons }.
case-interactions = Give the number of conversations held, from 1 to 50.
case-bad-date = Give the date as year-month-day, for example 2026-11-30.
case-bad-urgency = Urgency is routine or urgent.
case-context-too-long = The context can be at most 500 characters, on its own lines.
case-bad-filter = One of the filters is not recognised.
case-bad-channel = Choose how the contact was made: phone, text, email or in person.
case-bad-contact-time = The time of the attempt must be between the request and now.
case-bad-outcome = Choose how the case ended.
case-bad-action = The action is not recognised.
case-bad-reference = The event reference must be a single line of at most 120 characters.
case-bad-involved = Name between 1 and 200 people involved.
conflict-case-changed = Someone else changed this case meanwhile. Reload it and try again.
conflict-event-reference = This event is being received already.
conflict-supporter-at-cap = This supporter has reached their caseload cap meanwhile. Choose someone else.
missing-subject = The person is not in this organisation's directory.
missing-supporter = The supporter is not in this organisation's directory.
missing-case = There is no such case.

holidays-too-many = At most 400 holidays.
template-bad-text = The wording must not be empty; a subject is one line of at most 200 characters, a body at most 4,000.
template-placeholders = Keep exactly the placeholders of the default wording, such as { "{" } $link { "}" }.

## API reference
api-docs-title = API reference

## The roster, training, availability and supporter wellbeing
nav-supporters = Supporters
nav-availability = My availability
supporter-status-nominated = Nominated
supporter-status-approved = Approved
supporter-status-trained = Trained
supporter-status-active = Active
supporter-status-paused = Paused
supporter-status-retired = Retired
training-never = Not trained
training-current = Valid until { $date }
training-due-soon = Refresher due: expires { $date }
training-lapsed = Lapsed on { $date }: no new cases until renewed
training-completed = Completed { $date }
training-expires = valid until { $date }
training-course = Course
training-course-default = Peer support core training
training-completed-on = Completed on
training-expires-on = Valid until
training-add = Record training
ago-never = Never
ago-today = Today
ago-days = { $n ->
    [one] 1 day ago
   *[other] { $n } days ago
}
column-when = When
column-by = By
roster-title = Supporters
roster-intro = Everyone on the roster, with how they are doing: their cases now and over the last 90 days, their last debrief and supervision, and their training.
roster-empty = Nobody is on the roster yet. Nominate a colleague below.
roster-column-status = Status
roster-column-training = Training
roster-column-load = Cases now
roster-column-recent = Cases in the last 90 days
roster-column-debrief = Last debrief
roster-column-supervision = Last supervision
roster-column-now = Now
roster-load = { $open } of { $cap }
roster-on-call-now = On call
roster-away-now = Away
roster-debrief-asked = asked for a debrief { $when }
roster-on-call-title = On-call rota
roster-on-call-empty = No on-call shifts ahead.
roster-on-call-add = Add an on-call shift
roster-nominate = Nominate a supporter
roster-nominate-who = Work email or employee id (from the staff directory)
roster-nominate-button = Nominate
roster-gender = Gender (only if they choose to give it)
roster-gender-woman = Woman
roster-gender-man = Man
roster-gender-not-given = Prefer not to say
roster-languages = Languages offered
roster-languages-hint = Separate languages with commas, for example: Welsh, Polish.
roster-sign-in = Sign-in
roster-no-sign-in = No supporter sign-in yet: they cannot be assigned cases.
roster-by-system = ReachIn
roster-lifecycle = Lifecycle
roster-move-to = Move to { $status }
roster-training = Training
roster-debriefs = Debriefs
roster-debriefs-none = No debriefs yet.
roster-debrief-asked-on = Asked for
roster-debrief-held-on = Held
roster-debrief-waiting = Waiting
roster-debrief-answer = Debrief held (answers their request)
roster-debrief-record = Record a debrief held
availability-title = My availability
roster-availability = Availability
availability-cap = Caseload
availability-cap-label = The most cases I can hold at once
availability-cap-save = Save caseload
availability-away = Away (leave, holiday)
availability-away-intro = While you are away you are not asked to reach in.
availability-away-none = No time away ahead.
availability-away-add = Add time away
availability-on-call-intro = On call, you are asked first for urgent requests, at any hour.
availability-profile = What you choose to share
availability-profile-intro = A colleague may ask for a supporter of a particular gender or language. Share only what you want to; it is used for matching and nothing else.
availability-profile-save = Save
availability-debrief = After a hard case
availability-debrief-intro = Supporting a colleague can weigh on you too. Ask for a debrief and a coordinator will get in touch.
availability-debrief-button = Ask for a debrief
availability-debrief-waiting = You asked for a debrief; a coordinator will get in touch.
period-from = From
period-until = Until
period-from-day = First day away
period-until-day = Last day away
supervision-title = Supervision meetings
supervision-intro = Supporters meet regularly for group supervision. Record who attended.
supervision-empty = No supervision meetings recorded yet.
supervision-attended = Attended
supervision-add = Record a meeting
supervision-date = Held on
supervision-add-button = Record meeting
supervision-in-future = A meeting cannot be recorded before it is held.
supervision-nobody = Tick at least one supporter who attended.
roster-bad-status = That is not a roster status.
roster-bad-step = A supporter moves one step at a time: nominated, approved, trained, active (or paused), retired.
roster-not-in-directory = Nobody with that work email or employee id is in the staff directory.
roster-bad-date = Enter a date as YYYY-MM-DD (and a time as HH:MM where asked).
roster-bad-course = Give the course a name of at most 120 characters.
roster-training-in-future = A training cannot be completed in the future.
roster-training-expiry = A training must be valid until after it was completed.
roster-bad-cap = The caseload must be between 1 and 10.
roster-period-order = The end must be after the start.
roster-period-past = That time is already over.
roster-period-long = One entry can cover at most a year.
roster-bad-gender = Choose woman, man, or prefer not to say.
roster-bad-languages = List at most 10 languages, each at most 40 characters.
roster-bad-action = That is not something this page can do.
conflict-roster-changed = Someone changed this supporter's roster entry meanwhile. Reload the page and try again.
policy-bad-weight = Each weight must be between 0 and 1000.
reason-on-call = on call now
email-refresher-subject = ReachIn: your peer support training expires soon
email-refresher-body = Your { $course } for { $org } expires on { $date }. Please book a refresher: after that date you will not be asked to reach in until it is renewed.

    { $link }
email-debrief-subject = ReachIn: a supporter asked for a debrief
email-debrief-body = A supporter at { $org } asked for a debrief after a hard case. The roster shows who; please get in touch with them.

    { $link }

## Batch assignment for a safety event
batch-link = Assign this event's waiting cases together
batch-title = Assign an event's cases together
batch-intro = A plan for every case of this event still waiting for a supporter: the best overall fit within everyone's caseload, never anyone involved in the event or in a colleague's reporting line. Change any line, then confirm.
batch-unplaced = { $n ->
    [one] 1 case could not be placed: nobody eligible has room. Assign it later or raise a caseload.
   *[other] { $n } cases could not be placed: nobody eligible has room. Assign them later or raise a caseload.
}
batch-column-supporter = Supporter
batch-column-why = How they fit
batch-supporter-for = Supporter for { $name }
batch-leave = Leave waiting
batch-nobody = Nobody eligible has room
batch-confirm = Confirm these assignments
batch-done = What happened to each case:
batch-assigned = assigned
batch-not-assigned = not assigned
batch-back = Back to the event's cases
batch-too-many = At most 500 assignments at once.

## Confidentiality: privacy page, break-glass, who has seen a case, erasure
support-privacy-link = How we keep your request confidential
support-self-check-link = Take a private self-check (nothing is kept)
nav-privacy = Privacy
nav-break-glass = Break-glass access
fact-retention = Identity kept after a case ends
retention-days = { $days ->
    [0] until the next nightly clean-up
    [one] 1 day
   *[other] { $days } days
}
privacy-title = Your privacy in the peer support programme
privacy-intro = { $org } runs this programme so that colleagues can support each other after hard events at work. It only works if you can trust it, so this page says plainly what is kept, who can see it and for how long.
privacy-keep-title = What we keep
privacy-keep-directory = Your name, work email, work phone, department, profession and grade, as in the staff directory, so a supporter can reach you.
privacy-keep-request = That you asked for support or were referred: when, the kind of event (for example a patient death), and how urgent it felt.
privacy-keep-context = If you write a short note with your request, it is stored encrypted and deleted as soon as your support ends.
privacy-keep-support = How the support went: when a supporter reached you, how many times you talked, whether you were offered further help.
privacy-never-title = What we never keep
privacy-never-text = No clinical details of the event, no notes of your conversations, no diagnoses. Your supporter keeps no record of what you talk about.
privacy-who-title = Who can see it
privacy-who-coordinator = The programme's coordinators see your request so they can find you the right supporter.
privacy-who-supporter = Your supporter sees your name and how to reach you, and nothing about anyone else's support.
privacy-who-management = Managers, leaders and administrators never see your name or your request. They see only counts, and only for groups of at least { $floor } people.
privacy-who-break-glass = In a genuine emergency, an administrator can open one case for one hour, only after writing down why. The coordinators are told at once, and it is recorded.
privacy-who-audit = Every time someone opens a case, it is recorded in a log that cannot be changed without it showing. Coordinators can see who has looked at a case.
privacy-long-title = How long we keep it
privacy-long-text = When your support ends, your name and everything that could identify you are removed from the record after { $days ->
    [one] 1 day
   *[other] { $days } days
}. What is left is an anonymous count (the kind of event, the department, the dates) that tells the programme whether it is working.
privacy-protect-title = How it is protected
privacy-protect-text = Names, contact details and your note are encrypted in the database with a key kept apart from it, and the programme's data is kept separate from every other organisation's.
privacy-rights-title = Your rights
privacy-rights-text = You can ask the programme's coordinators for a copy of everything held about you, or for it to be erased. Erasure removes your name from every record; only the anonymous counts stay.
privacy-back = Back to asking for support
break-glass-title = Break-glass access to one case
break-glass-intro = Use this only in a genuine emergency, such as a safeguarding concern no coordinator can act on. You will see the case for { $minutes } minutes. Every coordinator is told at once, with your reason, and the access is recorded in the audit log.
break-glass-case = The case reference (from a coordinator)
break-glass-justification = Why you need to open this case
break-glass-justification-hint = At least { $min } characters. The coordinators will read this.
break-glass-button = Open the case and tell the coordinators
break-glass-no-case = There is no case with that reference in this organisation.
break-glass-too-short = Please write why you need this case: at least 20 characters.
break-glass-too-long = The reason is too long: at most 1,000 characters.
break-glass-case-title = Break-glass access
break-glass-until = Break-glass access: you can see this case until { $until }. The coordinators have been told.
break-glass-deidentified = A case without identity (de-identified)
case-viewers = Who has seen this case
case-viewers-intro = Everyone who has seen this case with its name, on its page or in a list, from the audit log.
case-viewer-removed = an account that has been removed
case-break-glass = Break-glass access to this case
audit-case-viewed = opened the case
audit-break-glass = break-glass access
audit-case-listed = saw it in a list
conflict-person-has-account = This person has an active ReachIn account. Disable the account first (reachin user disable); erasure then removes it too.
conflict-person-in-open-case = This person is in an open case. Close or withdraw it before erasing them.
privacy-bad-retention = The retention period must be 0 to 365 days.
privacy-bad-directory = The directory is either kept or imported.
email-break-glass-subject = ReachIn: break-glass access to a case at { $org }
email-break-glass-body = { $admin } used break-glass access to open case { $case } at { $org } for one hour.

    Their reason: { $reason }

    The access is recorded in the audit log. If this was not expected, speak to your data protection officer.

    { $link }
nav-privacy-settings = Privacy settings
privacy-settings-title = Privacy settings
privacy-settings-intro = How long a closed case keeps the colleague's name, and whether the staff directory is kept. Every change is recorded in the audit log.
privacy-settings-public = What clinicians are told
privacy-settings-retention = Days a closed case keeps its identity
privacy-settings-retention-hint = 0 to 365; 30 unless you choose otherwise. After this, the name and every identifying link go; the anonymous counts stay.
privacy-settings-directory = The staff directory
privacy-settings-kept = Kept: the directory is our staff list.
privacy-settings-imported = Imported only to reach people: remove entries nothing needs any more.
privacy-settings-save = Save privacy settings
privacy-settings-saved = Saved.

## Pulse surveys, the self-check and reports
nav-reports = Programme report
nav-survey-report = Survey report
nav-surveys = Surveys
nav-network-reports = Network report
instrument-burnout = Burnout (single question)
instrument-mini-z = Mini-Z 2.0 (ten questions)
surveys-title = Pulse surveys
surveys-intro = Open a wave to ask a group of staff how they are. Each person gets one emailed link that works once; answers cannot be traced back to anyone, and no group smaller than { $floor } is ever shown.
surveys-none = No survey waves yet.
surveys-waves = Survey waves
surveys-wave = Wave
surveys-opened = Opened
surveys-closes = Closes
surveys-closed = Closed
surveys-invited = Invited
surveys-answered = Answered
surveys-report = Report
surveys-open = open
surveys-new = Open a new wave
surveys-wave-title = Title (staff see it)
surveys-instruments = What to ask
surveys-own-items = Your own questions (optional)
surveys-own-items-hint = One question per line. A statement is answered from "strongly disagree" to "strongly agree". For a single choice, put the options after the question, each after a | (for example: Which shift do you mostly work? | Days | Nights | Both).
surveys-population = Who to ask
surveys-population-hint = Choose any departments, professions and grades; leave a list empty to include all of them. Hold Ctrl (or Cmd) to choose more than one.
surveys-days = Days open
surveys-open-button = Open the wave and send invitations
surveys-questions = Questions
surveys-close = Close this wave now
survey-likert-low = Strongly disagree
survey-likert-high = Strongly agree
survey-bad-title = Give the wave a title of at most 120 characters, on one line.
survey-bad-days = A wave stays open for 1 to 60 days.
survey-bad-population = Choose departments, professions and grades from the lists.
survey-bad-own-item = Your question on line { $line } could not be used: keep it to one line of at most 300 characters, and give a single choice 2 to 10 different options.
survey-form-empty = Choose at least one thing to ask.
survey-population-too-small = Fewer than { $floor } people match. A wave this small could never be reported without singling someone out, so it was not opened.
survey-already-closed = This wave is already closed.
survey-answer-missing = Please answer question { $question }.
answer-intro = A short, anonymous survey from { $org }. Your answers are stored without your name, your email or the link you used, and only groups of people are ever reported.
answer-privacy = How your answers are kept
answer-send = Send my answers
answer-thanks = Thank you
answer-thanks-text = Your answers are in. The link no longer works, and nothing connects your answers to you.
answer-spent = This link no longer works
answer-spent-text = It has already been used, a newer link replaced it, or the survey has closed. If you meant to answer, ask the programme coordinator.
email-survey-invite-subject = A short anonymous survey: { $title }
email-survey-invite-body = { $org } is asking staff how they are. It takes a few minutes, and your answers cannot be traced back to you. This link is yours and works once, until { $closes }:

    { $link }
email-survey-reminder-subject = Reminder: { $title }
email-survey-reminder-body = If you have a few minutes, { $org } would still like to hear how you are. Your answers are anonymous. Here is a new link (the earlier one no longer works), open until { $closes }:

    { $link }
self-check-title = How are you doing?
self-check-intro = A private check for yourself. Nothing you answer here is kept, counted or sent to anyone.
self-check-which = Which check
self-check-see = See my result
self-check-answer-all = Please answer every question.
self-check-reading = What your answers suggest
self-check-not-diagnosis = This is a reading of your answers, not a diagnosis.
self-check-nothing-kept = Nothing you entered on this page was stored.
self-check-talk = Talk to a peer supporter
self-check-resources = Help at { $org }
self-check-mini-z-score = Your joy in work score is { $total } out of 50 (supportive work environment { $swe } of 25; work pace and EMR stress { $pace } of 25).
self-check-burnout-none = You describe enjoying your work with no symptoms of burnout.
self-check-burnout-stressed = You describe stress without burnout. Stress that goes on can wear you down: it is worth noticing what helps.
self-check-burnout-symptoms = You describe symptoms of burnout. You do not have to manage this alone; a peer supporter can listen.
self-check-burnout-persistent = You describe burnout symptoms that will not go away. Please consider talking to someone soon.
self-check-burnout-complete = You describe feeling completely burned out. Please reach out for help; the contacts below are there for you.
self-check-mini-z-joyful = Your answers describe a workplace you find joyful (40 or more of 50).
self-check-mini-z-below-joyful = Your answers describe a workplace that falls short of joyful (below 40 of 50).
self-check-mini-z-supportive = You find your work environment supportive.
self-check-mini-z-less-supportive = You find your work environment less supportive than it could be.
self-check-mini-z-pace-reasonable = Your work pace and record-keeping load seem manageable.
self-check-mini-z-pace-strained = Your work pace or record-keeping load seem to be straining you.
self-check-mini-z-burnout = Your answer to the burnout question suggests burnout.
self-check-mini-z-no-burnout = Your answer to the burnout question does not suggest burnout.
self-check-seek-help = Please consider getting support now: a peer supporter, your occupational health service, or one of the lines below.
report-programme-title = Programme report
report-annual-title = Annual report { $year }
report-annual-link = Printable annual report
report-download-csv = Download as CSV
report-years = Years
report-year-heading = { $year }
report-floor-note = Figures about fewer than { $floor } people, and figures that would let such a group be worked out from others, are not shown. They read "–", the same as an empty figure.
report-hidden = –
report-hidden-note = "–" means not shown: fewer than the floor, empty, or held back so a small group cannot be worked out.
report-fewer-than = fewer than { $floor }
report-show-table = Show as a table
report-chart-empty = Nothing to draw: every figure in this chart is held back or empty. The table has the details.
report-chart-description = { $title }; the same figures are in the table that follows.
report-referrals = Referrals
report-referrals-by-month = Referrals by month and source
report-by-category = Referrals by event category
report-reach-department = Reach by department
report-reach-profession = Reach by profession
report-outcomes = Where the year's cases stand
report-within-target-by-month = First contact within target, by month
report-onward-by-kind = Onward referrals by kind of help
report-unit-cases = cases
report-month = Month
report-category = Category
report-status = Status
report-resource = Kind of help
report-not-recorded = Not recorded
report-closed = Closed cases
report-contacted = Cases contacted
report-median-hours = Median hours to first contact
report-within-target = First contact within target
report-acceptance = Support taken up
report-decline = Declined
report-escalation = Escalated
report-onward = Referred on
report-median-interactions = Median interactions per supported case
report-mean-interactions = Mean interactions per supported case
report-feedback-answers = Feedback answers
report-helpful = Found it helpful
report-supporters-active = Active supporters
report-utilisation = Supporters with a case in the last 90 days
report-training-current = Supporters with current training
report-status-open = Open
report-status-withdrawn = Withdrawn
report-status-supported = Supported
report-status-declined = Declined
report-status-no-response = No response
report-status-referred-on = Referred on
report-status-self-resolved = Resolved without support
report-survey-title = Survey report
report-waves = Waves
report-breakdowns = Breakdowns
report-by-department = By department
report-by-profession = By profession
report-by-grade = By grade
report-survey-table = Respondents and scores { $by }
report-respondents = Respondents
report-burnout-share = At burnout
report-mini-z-mean = Mini-Z joy in work (of 50)
report-supportive = Supportive work environment (of 25)
report-pace = Work pace and EMR stress (of 25)
report-whole-wave = Whole wave
report-question-means = Answers to each question (whole wave): the mean, or for a single choice the share choosing each option
report-question = Question
report-mean = Answer
report-trend = Trend across waves
report-burnout-by = Share at burnout { $by }
report-mini-z-by = Mini-Z subscales { $by }
report-network-title = Network report
report-network-intro = Each organisation's figures, each held back where it would single people out under that organisation's floor. No network total is shown: it would let a held-back figure be worked out.
report-network-referrals = Referrals by organisation
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
privacy-settings-floor = Smallest group shown in reports
privacy-settings-floor-hint = Figures about fewer people than this are never shown to leaders, in pages, charts, CSV or the API (5 to 100; 10 is usual).
privacy-bad-floor = The smallest group shown must be between 5 and 100.
fact-referrals-this-year = Referrals in { $year }
survey-bad-form-key = The form key is at most 80 characters.
conflict-wave-submitted-twice = This wave was already opened from the same form.
report-annual-surveys = Pulse surveys this year
report-annual-no-surveys = No pulse survey waves opened this year.
report-wave-open = This wave is still open. Its results appear when it closes, on { $closes }: figures that change with each answer would show what the latest person answered.
