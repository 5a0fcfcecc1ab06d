"""Who issues a report, to whom, under which symbol, and who signs it: one frame per variant,
so that issuer, addressee, signer and authority always agree.

- The Department's report to the Minister is the Department's own document: its header names
  the Ministry above the Department, its symbol is the Department's (BC-TĐKTTT), it is
  addressed to the Minister and signed by the Department's head in their own right (VỤ
  TRƯỞNG), or by a deputy "KT. VỤ TRƯỞNG". A department never signs "TL. BỘ TRƯỞNG" a report
  to the Minister himself.
- The Ministry's report to the State's emulation bodies is the Ministry's: its own header and
  symbol (BC-BTNMT), addressed to the Central Council and Board, signed by a Deputy Minister
  "KT. BỘ TRƯỞNG" (or the Minister).
"""

from dataclasses import dataclass

from units.models import Organisation, Signer
from units.selectors import department_report_signer, organisation_report_signer

from ..models import ReportVariant


@dataclass(frozen=True)
class ReportFrame:
    variant: str
    parent_body: str  # the header's upper line, in capitals (may be empty)
    body_name: str  # the issuer, in capitals
    issuer: str  # the issuer as a sentence writes it
    symbol: str  # BC-TĐKTTT or BC-BTNMT
    addressees: list[str]
    reported_to: str  # "Bộ trưởng" / "Hội đồng Thi đua - Khen thưởng Trung ương"
    signer: Signer | None
    recipients: list[str]

    @property
    def signature(self) -> dict:
        signer = self.signer
        return {
            "authority": signer.authority_line if signer else "",
            "title": signer.title_line if signer else "",
            "name": signer.name if signer else "",
            "recipients": self.recipients,
        }

    @property
    def has_named_signer(self) -> bool:
        return bool(self.signer and self.signer.name.strip())


def report_frame(org: Organisation, variant: str) -> ReportFrame:
    if variant == ReportVariant.TO_STATE:
        addressees = [line for line in org.superior_addressees if line.strip()]
        return ReportFrame(
            variant=variant,
            parent_body=org.header_parent,
            body_name=org.header_name,
            issuer=org.name,
            symbol=org.report_symbol,
            addressees=addressees,
            reported_to=addressees[0] if addressees else "",
            signer=organisation_report_signer(org),
            recipients=org.distribution_list,
        )
    return ReportFrame(
        variant=ReportVariant.TO_HEAD,
        parent_body=org.header_name,
        body_name=org.department_header_name,
        issuer=org.department_name,
        symbol=org.department_report_symbol,
        addressees=[org.head_of_body],
        reported_to=org.head_title,
        signer=department_report_signer(org),
        recipients=org.distribution_list,
    )
