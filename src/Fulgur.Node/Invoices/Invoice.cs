using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Invoices;

/// <summary>What <c>listinvoices</c> shows as <c>status</c>.</summary>
public enum InvoiceStatus
{
    Unpaid,
    Paid,
    Expired,
}

/// <summary>How an invoice was paid: its place in the paid order (<c>pay_index</c>, from 1), the amount and the time.</summary>
public sealed record InvoicePayment(ulong PayIndex, MilliSatoshi Received, DateTimeOffset PaidAt);

/// <summary>
/// One invoice this node issued (Core Lightning's <c>invoices</c> row): the signed BOLT 11 string and what the node
/// needs to settle a payment to it: the preimage, the payment secret, the amount (null for "any"), expiry and the
/// minimum final CLTV delta. <see cref="Payment"/> is set exactly once, when the invoice is paid.
/// </summary>
public sealed record Invoice(
    string Label,
    string Bolt11,
    PaymentHash PaymentHash,
    Preimage Preimage,
    PaymentSecret PaymentSecret,
    MilliSatoshi? Amount,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    CltvExpiryDelta MinFinalCltvExpiry,
    InvoicePayment? Payment)
{
    /// <summary>Paid once paid (even after the expiry time); otherwise expired from <see cref="ExpiresAt"/> on.</summary>
    public InvoiceStatus StatusAt(DateTimeOffset now) =>
        Payment is not null ? InvoiceStatus.Paid : now >= ExpiresAt ? InvoiceStatus.Expired : InvoiceStatus.Unpaid;

    public static string StatusName(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Paid => "paid",
        InvoiceStatus.Expired => "expired",
        _ => "unpaid",
    };

    public static bool TryParseStatus(string? text, out InvoiceStatus status)
    {
        switch (text)
        {
            case "unpaid": status = InvoiceStatus.Unpaid; return true;
            case "paid": status = InvoiceStatus.Paid; return true;
            case "expired": status = InvoiceStatus.Expired; return true;
            default: status = default; return false;
        }
    }

    /// <summary>The BOLT 11 default when an invoice carries no <c>c</c> field.</summary>
    public static CltvExpiryDelta DefaultMinFinalCltvExpiry => Bolt11Invoice.DefaultMinFinalCltvExpiryDelta;
}
