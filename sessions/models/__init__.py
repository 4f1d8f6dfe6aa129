from sessions.models.body import Body, LegislativeTerm, Location
from sessions.models.meeting import AgendaItem, Attendance, Meeting, MeetingState, Result
from sessions.models.organization import Organization, OrganizationType
from sessions.models.person import Membership, Person
from sessions.models.vote import PersonalVote, Vote, VoteChoice, VoteGroupCount

__all__ = [
    "AgendaItem",
    "Attendance",
    "Body",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "MeetingState",
    "Membership",
    "Organization",
    "OrganizationType",
    "Person",
    "PersonalVote",
    "Result",
    "Vote",
    "VoteChoice",
    "VoteGroupCount",
]
