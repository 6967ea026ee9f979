# ReachIn message catalogue: American English. Only what differs from en-GB lives here.

format-datetime = %b %-d, %Y, %-I:%M %p
format-date = %B %-d, %Y

term-emergency-department = ED

sign-in-help = Forgot your password? Ask your program coordinator or organization admin.
role-org-admin = Organization admin
home-coordinator-intro = Run { $org }'s peer support program: new requests, matching, time targets and your supporters.
home-leader-intro = Program and well-being figures for { $org }, always as totals that cannot single anyone out.
home-org-admin-title = Organization admin home
home-org-admin-intro = Users, roles, the staff directory and settings for { $org }. Support cases are not visible here.
home-network-intro = The organizations on this installation. You see settings and totals only, never cases or people.
fact-organisations = Organizations
conflict-org-slug = An organization with this short name already exists.
missing-manager = The manager is not in this organization's directory.
missing-person = The person is not in this organization's directory.
fact-working-hours = Program working hours
network-orgs-caption = Organizations
footer-confidential = Peer support is confidential: nothing you share here goes to your managers.

profession-healthcare-assistant = Nursing assistant

grade-doctor-early-career = Intern
grade-doctor-practitioner = Resident
grade-doctor-senior = Attending physician
grade-doctor-lead = Department chair
grade-nurse-early-career = New graduate nurse
grade-nurse-practitioner = Registered nurse
grade-nurse-senior = Charge nurse
grade-nurse-lead = Nurse manager

support-crisis-text = Call 911 in an emergency. The 988 Suicide & Crisis Lifeline is there day and night: call or text 988.
support-done-what-next = What happens next: a trained peer supporter will contact { $who } by phone or email within 24 business hours (within an hour if you asked for urgent contact).

nav-reports = Program report
report-programme-title = Program report
report-network-intro = Each organization's figures, each held back where it would single people out under that organization's floor. No network total is shown: it would let a held-back figure be worked out.
report-network-referrals = Referrals by organization
surveys-intro = Open a wave to ask a group of staff how they are doing. Each person gets one emailed link that works once; answers cannot be traced back to anyone, and no group smaller than { $floor } is ever shown.
self-check-talk = Talk with a peer supporter
