#!/usr/bin/env bash
# A CSR's day with the customer API, with curl and jq: a customer moves in (electricity and water),
# changes tariff, the crew connects the meter, the water stops, and the electricity is transferred
# to the next tenant. Dates are computed from today, so it runs as written against `npm start`.
# `npm test` runs it too (apps/customer/src/walkthrough.int.spec.ts); the README shows this file.
set -euo pipefail
API=${API:-http://127.0.0.1:3001/api/v1}
TOKEN=${TOKEN:-$(npm run --silent token -- --role csr --sub csr-walkthrough)}
RUN=$(date +%s)                       # keeps market ids and addresses of repeated runs apart
day() { date -u -d "${1:-0} days" +%F; }
call() { curl -sS --fail-with-body -X "$1" "$API$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

# 1. Register the customer and open an account (it gets a number with a check digit).
CUSTOMER=$(call POST /customers '{"kind":"person","givenName":"Ada","familyName":"Lovelace","contactPoints":[{"kind":"email","value":"ada@example.org","primary":true}]}' | jq -r .customerId)
ACCOUNT=$(call POST /accounts "{\"customerId\":\"$CUSTOMER\",\"currency\":\"USD\",\"billCycle\":\"07\",\"billingAddress\":{\"line1\":\"PO Box 1\",\"city\":\"Springfield\",\"postalCode\":\"62701\",\"country\":\"US\"}}" | jq -r .accountId)

# 2. The premise and its service points.
PREMISE=$(call POST /premises "{\"address\":{\"line1\":\"$RUN Elm Street\",\"city\":\"Springfield\",\"region\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"},\"premiseType\":\"house\"}" | jq -r .premiseId)
POWER=$(call POST "/premises/$PREMISE/service-points" "{\"commodity\":\"electricity\",\"marketId\":\"E-$RUN\"}" | jq -r .servicePointId)
WATER=$(call POST "/premises/$PREMISE/service-points" "{\"commodity\":\"water\",\"marketId\":\"W-$RUN\",\"connectionStatus\":\"connected\"}" | jq -r .servicePointId)

# 3. Move-in today. The electricity point was never connected: the move-in schedules a connection.
MOVE_IN=$(call POST /service-agreements "{\"accountId\":\"$ACCOUNT\",\"servicePointId\":\"$POWER\",\"tariffCode\":\"E-RES-TIER\",\"startDate\":\"$(day 0)\"}")
POWER_AGREEMENT=$(echo "$MOVE_IN" | jq -r .agreementId)
CONNECT=$(echo "$MOVE_IN" | jq -r .connectWorkOrderId)
WATER_AGREEMENT=$(call POST /service-agreements "{\"accountId\":\"$ACCOUNT\",\"servicePointId\":\"$WATER\",\"tariffCode\":\"W-RES-BASE\",\"startDate\":\"$(day 0)\"}" | jq -r .agreementId)

# 4. The account 360 view: customer, premise, agreements, the open connect work order.
call GET "/accounts/$ACCOUNT/360" | jq '{account: .account.accountNumber, agreements: [.agreements[] | {commodity, status, tariffCode}], openWorkOrders: [.openWorkOrders[] | .type]}'

# 5. A tariff change in two weeks: shown as scheduled until then.
call POST "/service-agreements/$POWER_AGREEMENT/tariff" "{\"tariffCode\":\"E-RES-TOU-C\",\"effectiveFrom\":\"$(day 14)\"}" > /dev/null
call GET "/service-agreements/$POWER_AGREEMENT" | jq '{tariffCode, scheduledTariffChanges}'

# 6. The crew connects the point and reports the meter it fitted.
call POST "/work-orders/$CONNECT/dispatch" '{"crew":"north-1"}' > /dev/null
call POST "/work-orders/$CONNECT/complete" "{\"completedAt\":\"$(date -u +%FT%TZ)\",\"meterSerial\":\"LG-$RUN\",\"reads\":[{\"register\":\"1.8.0\",\"value\":\"0\",\"readAt\":\"$(date -u +%FT%TZ)\"}]}" > /dev/null
call GET "/service-points/$POWER" | jq '{connectionStatus, meterSerial}'

# 7. Move-out of the water in a month (a final read is scheduled; electricity is still on supply).
call POST "/service-agreements/$WATER_AGREEMENT/stop" "{\"endDate\":\"$(day 30)\"}" | jq '{finalReadWorkOrderId, finalBillRequested}'

# 8. The electricity goes to the next tenant in three weeks: Ada's last day of service is now the
#    water's, in a month, and her final bill is requested for that day.
NEXT_CUSTOMER=$(call POST /customers '{"kind":"person","givenName":"Bob","familyName":"Builder"}' | jq -r .customerId)
NEXT_ACCOUNT=$(call POST /accounts "{\"customerId\":\"$NEXT_CUSTOMER\",\"currency\":\"USD\",\"billCycle\":\"07\",\"billingAddress\":{\"line1\":\"PO Box 2\",\"city\":\"Springfield\",\"postalCode\":\"62701\",\"country\":\"US\"}}" | jq -r .accountId)
call POST "/service-points/$POWER/transfer" "{\"date\":\"$(day 21)\",\"toAccountId\":\"$NEXT_ACCOUNT\"}" | jq '{stoppedAgreementId, toAccountId, finalBillRequested}'
call GET "/search?q=$RUN%20elm&kind=address" | jq '[.items[] | {customerName, agreementStatus}]'
