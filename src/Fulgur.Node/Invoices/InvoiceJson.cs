using System.Text.Json.Nodes;
using Fulgur.Crypto;

namespace Fulgur.Node.Invoices;

/// <summary>An invoice as <c>listinvoices</c>, <c>delinvoice</c>, <c>waitinvoice</c> and <c>waitanyinvoice</c> show it
/// (interfaces.md §5, Core Lightning's field names, seed-era and modern amount fields side by side).</summary>
internal static class InvoiceJson
{
    public static JsonObject ToJson(Invoice invoice, DateTimeOffset now)
    {
        var o = new JsonObject
        {
            ["label"] = invoice.Label,
            ["bolt11"] = invoice.Bolt11,
            ["payment_hash"] = invoice.PaymentHash.ToString(),
            ["status"] = Invoice.StatusName(invoice.StatusAt(now)),
        };
        if (invoice.Amount is { } amount)
        {
            o["msatoshi"] = amount.Value;
            o["amount_msat"] = amount.Value;
        }
        o["description"] = invoice.Description;
        o["expires_at"] = invoice.ExpiresAt.ToUnixTimeSeconds();
        o["expiry_time"] = invoice.ExpiresAt.ToUnixTimeSeconds();
        if (invoice.Payment is { } paid)
        {
            o["pay_index"] = paid.PayIndex;
            o["msatoshi_received"] = paid.Received.Value;
            o["amount_received_msat"] = paid.Received.Value;
            o["paid_at"] = paid.PaidAt.ToUnixTimeSeconds();
            o["payment_preimage"] = Hex.Encode(invoice.Preimage.ToArray());
        }
        return o;
    }
}
