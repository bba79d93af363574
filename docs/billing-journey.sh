#!/usr/bin/env bash
# An account of the demo utility (`npm start` seeds it) from billing to collections, with curl and jq:
# the 360 view, its invoices and the last one's PDF, what it owes and how late, a payment in full
# with an Idempotency-Key, and what that does to its collections case and the 360 view.
# Usage: docs/billing-journey.sh [account-number]   (default: an account in collections)
set -euo pipefail
CUSTOMER=${CUSTOMER:-http://127.0.0.1:3001}/api/v1
INVOICING=${INVOICING:-http://127.0.0.1:3004}/api/v1
PAYMENTS=${PAYMENTS:-http://127.0.0.1:3005}/api/v1
CSR=$(npm run --silent token -- --role csr --sub billing-journey)
OPS=$(npm run --silent token -- --role billing-ops --sub billing-journey)
get() { curl -sS --fail-with-body "$1" -H "Authorization: Bearer $2"; }

# 1. The account: the one named, or the first in collections that the customer service knows.
if [ -n "${1:-}" ]; then
  ACCOUNT=$(get "$CUSTOMER/search?q=$1&kind=account-number" "$CSR" | jq -r '.items[0].accountId')
else
  CURSOR=""
  while [ -z "${ACCOUNT:-}" ]; do
    PAGE=$(get "$PAYMENTS/collections/cases?status=open&limit=100${CURSOR:+&cursor=$CURSOR}" "$OPS")
    for A in $(echo "$PAGE" | jq -r '.items[].accountId'); do
      if curl -sf -o /dev/null "$CUSTOMER/accounts/$A/360" -H "Authorization: Bearer $CSR"; then ACCOUNT=$A; break; fi
    done
    CURSOR=$(echo "$PAGE" | jq -r '.nextCursor // empty')
    if [ -z "${ACCOUNT:-}" ] && [ -z "$CURSOR" ]; then echo 'no account in collections'; exit 1; fi
  done
fi

# 2. The 360 view: balance and open items (payments), last invoice (invoicing), collections, usage.
get "$CUSTOMER/accounts/$ACCOUNT/360" "$CSR" |
  jq '{account: .account.accountNumber, customer: .customer.displayName, balance: .balance.balance, pastDue: .balance.pastDue,
       openItems: [.balance.items[]? | {number, dueDate, open: .open.amount}], lastInvoice: .lastInvoice | {number, amountDue, dueDate, documentUrl},
       collections: .collections | {status, step, onHold}}'

# 3. Its invoices, and the last one's PDF (the same bytes every time it is fetched).
get "$INVOICING/invoices?accountId=$ACCOUNT" "$CSR" | jq '[.items[] | {number, periodFrom, periodTo, total, dueDate}]'
INVOICE=$(get "$INVOICING/invoices?accountId=$ACCOUNT" "$CSR" | jq -r '.items[0].id')
curl -sS --fail-with-body -o /tmp/invoice.pdf "$INVOICING/invoices/$INVOICE/pdf" -H "Authorization: Bearer $CSR"
file /tmp/invoice.pdf

# 4. What the account owes, by item, and its collections case.
BALANCE=$(get "$PAYMENTS/accounts/$ACCOUNT/balance" "$CSR")
echo "$BALANCE" | jq '{balance, pastDue, openItems}'
get "$PAYMENTS/accounts/$ACCOUNT/collections" "$CSR" | jq '[.cases[] | {status, steps: [.steps[] | "\(.on) \(.step)"]}]'

if [ "$(echo "$BALANCE" | jq -r '.balance.amount | tonumber > 0')" != true ]; then echo "account $ACCOUNT owes nothing"; exit 0; fi

# 5. The customer pays it all by card (a provider's token and the last four digits only). The same
#    Idempotency-Key again answers the first answer and pays nothing twice.
KEY=$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)
PAY="{\"accountId\":\"$ACCOUNT\",\"amount\":$(echo "$BALANCE" | jq -c .balance),\"channel\":\"card\",\"reference\":\"paid in full\",\"card\":{\"token\":\"tok_demo_$RANDOM\",\"last4\":\"4242\"}}"
for i in 1 2; do
  curl -sS --fail-with-body -X POST "$PAYMENTS/payments" -H "Authorization: Bearer $CSR" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $KEY" -d "$PAY" -D - -o /tmp/payment.json | grep -i '^idempotent-replayed' || true
  jq '{paymentId, balance, allocations: [.allocations[] | {number, amount}]}' /tmp/payment.json
done

# 6. Paid in full: the case closes (and, for a disconnected customer, a reconnection work order is
#    asked of the customer service). The 360 view follows as the events arrive.
sleep 3
get "$PAYMENTS/accounts/$ACCOUNT/collections" "$CSR" | jq '[.cases[] | {status, closeReason}]'
get "$CUSTOMER/accounts/$ACCOUNT/360" "$CSR" | jq '{balance: .balance.balance, collections: .collections | {status, reason, reconnection: .reconnection.reason}, openWorkOrders: [.openWorkOrders[] | .type]}'
