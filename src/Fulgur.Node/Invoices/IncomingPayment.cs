using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Invoices;

/// <summary>
/// An HTLC that reached this node as its final hop, as the HTLC switch sees it after decoding the onion:
/// <see cref="Amount"/> is what the payment delivers (the onion's <c>total_msat</c> for a single part),
/// <see cref="PaymentSecret"/> the onion's <c>payment_data.payment_secret</c> (null when absent).
/// </summary>
public sealed record IncomingPayment(
    PaymentHash PaymentHash,
    PaymentSecret? PaymentSecret,
    MilliSatoshi Amount,
    CltvExpiry CltvExpiry,
    BlockHeight CurrentHeight);

/// <summary>Why an incoming payment was refused. BOLT 4 answers every one of these with
/// <c>incorrect_or_unknown_payment_details</c> (PERM|15), carrying the HTLC amount and the current height.</summary>
public enum PaymentRefusal
{
    None,
    UnknownPaymentHash,
    AlreadyPaid,
    Expired,
    PaymentSecretMismatch,
    AmountTooLow,
    AmountTooHigh,
    CltvExpiryTooSoon,
}

/// <summary>
/// The settlement check's answer. When <see cref="Accepted"/>, <see cref="Preimage"/> fulfils the HTLC; the switch then
/// calls <see cref="InvoiceService.MarkPaidAsync"/> (once the fulfil is committed to the channel).
/// </summary>
public sealed record PaymentDecision(PaymentRefusal Refusal, string Reason, Invoice? Invoice)
{
    public bool Accepted => Refusal == PaymentRefusal.None;

    /// <summary>The preimage to fulfil with; only for an accepted payment.</summary>
    public Preimage? Preimage => Accepted ? Invoice!.Preimage : null;

    public static PaymentDecision Accept(Invoice invoice) => new(PaymentRefusal.None, "", invoice);

    public static PaymentDecision Refuse(PaymentRefusal refusal, string reason, Invoice? invoice = null) => new(refusal, reason, invoice);

    /// <summary>
    /// The final-hop rules against one invoice. BOLT #4: "if the payment hash has already been paid: MAY treat the
    /// payment hash as unknown"; "if the `payment_secret` doesn't match the expected value for that `payment_hash` ...
    /// MUST fail the HTLC"; "if the amount paid is less than the amount expected: MUST fail the HTLC"; "if the amount
    /// paid is more than twice the amount expected: SHOULD fail the HTLC"; "if the `cltv_expiry` value is unreasonably
    /// near the present: MUST fail the HTLC". BOLT #11: the payee "SHOULD NOT accept a payment after the expiry".
    /// </summary>
    public static PaymentDecision Check(Invoice? invoice, IncomingPayment payment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (invoice is null)
            return Refuse(PaymentRefusal.UnknownPaymentHash, $"no invoice with payment_hash {payment.PaymentHash}");
        if (invoice.Payment is not null)
            return Refuse(PaymentRefusal.AlreadyPaid, $"invoice '{invoice.Label}' is already paid", invoice);
        if (invoice.StatusAt(now) == InvoiceStatus.Expired)
            return Refuse(PaymentRefusal.Expired, $"invoice '{invoice.Label}' expired", invoice);
        if (payment.PaymentSecret is not { } secret || secret != invoice.PaymentSecret)
            return Refuse(PaymentRefusal.PaymentSecretMismatch, "payment_secret does not match the invoice", invoice);
        if (invoice.Amount is { } expected)
        {
            if (payment.Amount < expected)
                return Refuse(PaymentRefusal.AmountTooLow, $"paid {payment.Amount}, the invoice asks {expected}", invoice);
            if (payment.Amount > expected * 2)
                return Refuse(PaymentRefusal.AmountTooHigh, $"paid {payment.Amount}, more than twice the invoice's {expected}", invoice);
        }
        // BOLT #11: "MUST set `c` to the minimum `cltv_expiry` it will accept for the last HTLC in the route."
        var earliest = (long)payment.CurrentHeight.Value + invoice.MinFinalCltvExpiry.Value;
        if (payment.CltvExpiry.Value < earliest)
            return Refuse(PaymentRefusal.CltvExpiryTooSoon,
                $"cltv_expiry {payment.CltvExpiry} is below height {payment.CurrentHeight} + min_final_cltv_expiry {invoice.MinFinalCltvExpiry}", invoice);
        return Accept(invoice);
    }
}

/// <summary>What <see cref="InvoiceService.MarkPaidAsync"/> did.</summary>
public enum MarkPaidOutcome
{
    /// <summary>This call marked the invoice paid and assigned its pay_index.</summary>
    Paid,
    /// <summary>It was paid before (by an earlier call); nothing changed.</summary>
    AlreadyPaid,
    /// <summary>No invoice has that payment hash (it was deleted, or never existed).</summary>
    NotFound,
}

public sealed record MarkPaidResult(MarkPaidOutcome Outcome, Invoice? Invoice);
