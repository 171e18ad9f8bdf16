"""What a change of a program's rules does to households.

- `impact`: before publishing, how many households gain and lose eligibility, by
  status (the preview editors and approvers see), counted in the background;
- `effects`: once published, households that now qualify for an automatic program
  are applied for and told, and pending applications that no longer qualify go to
  staff with the reason; all through the state machine and the outbox;
- `views`: the preview page, its progress, and the households' list for staff who
  may see households.

Which fields are rules, and who approves a change, is `programs.rule_changes`.
"""
