using Fulgur.Crypto;
using Fulgur.Node.Invoices;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Invoices.InvoiceRpc;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>The settlement API the HTLC switch calls: checking a final-hop payment, marking paid exactly once, restarts.</summary>
public sealed class SettlementTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly PaymentSecret Secret = PaymentSecret.FromSpan(Enumerable.Repeat((byte)0x11, 32).ToArray());
    private static readonly Preimage Preimage = Preimage.FromSpan(Enumerable.Repeat((byte)0x22, 32).ToArray());

    private static Invoice Unpaid(MilliSatoshi? amount) => new("l", "lnbcrt…", Preimage.Hash, Preimage, Secret, amount, "d",
        Created, Created.AddHours(1), new CltvExpiryDelta(18), null);

    private static IncomingPayment Payment(long msat, uint cltvExpiry = 118, PaymentSecret? secret = null) =>
        new(Preimage.Hash, secret ?? Secret, new MilliSatoshi(msat), new CltvExpiry(cltvExpiry), new BlockHeight(100));

    public static TheoryData<long, PaymentRefusal> AmountCases => new()
    {
        { 999, PaymentRefusal.AmountTooLow },
        { 1000, PaymentRefusal.None },
        { 1500, PaymentRefusal.None },
        { 2000, PaymentRefusal.None },
        { 2001, PaymentRefusal.AmountTooHigh },
    };

    [Theory]
    [MemberData(nameof(AmountCases))]
    public void An_invoice_with_an_amount_accepts_from_that_amount_up_to_twice_it(long paid, PaymentRefusal expected)
    {
        var decision = PaymentDecision.Check(Unpaid(new MilliSatoshi(1000)), Payment(paid), Created);
        Assert.Equal(expected, decision.Refusal);
        Assert.Equal(expected == PaymentRefusal.None, decision.Accepted);
        Assert.Equal(expected == PaymentRefusal.None ? Preimage : null, decision.Preimage);
    }

    [Fact]
    public void An_any_amount_invoice_accepts_any_amount() =>
        Assert.True(PaymentDecision.Check(Unpaid(null), Payment(1), Created).Accepted);

    [Fact]
    public void A_payment_is_refused_for_each_broken_rule()
    {
        var invoice = Unpaid(new MilliSatoshi(1000));
        Assert.Equal(PaymentRefusal.UnknownPaymentHash, PaymentDecision.Check(null, Payment(1000), Created).Refusal);
        var other = PaymentSecret.FromSpan(new byte[32]);
        Assert.Equal(PaymentRefusal.PaymentSecretMismatch, PaymentDecision.Check(invoice, Payment(1000, secret: other), Created).Refusal);
        Assert.Equal(PaymentRefusal.PaymentSecretMismatch,
            PaymentDecision.Check(invoice, Payment(1000) with { PaymentSecret = null }, Created).Refusal);
        // cltv_expiry ≥ current height (100) + min_final_cltv_expiry (18).
        Assert.Equal(PaymentRefusal.CltvExpiryTooSoon, PaymentDecision.Check(invoice, Payment(1000, cltvExpiry: 117), Created).Refusal);
        Assert.True(PaymentDecision.Check(invoice, Payment(1000, cltvExpiry: 118), Created).Accepted);
        Assert.Equal(PaymentRefusal.Expired, PaymentDecision.Check(invoice, Payment(1000), Created.AddHours(1)).Refusal);
        var paid = invoice with { Payment = new InvoicePayment(1, new MilliSatoshi(1000), Created) };
        Assert.Equal(PaymentRefusal.AlreadyPaid, PaymentDecision.Check(paid, Payment(1000), Created).Refusal);
        Assert.All(new[] { PaymentDecision.Check(null, Payment(1), Created) }, d => Assert.False(string.IsNullOrEmpty(d.Reason)));
    }

    [Fact]
    public async Task The_service_checks_against_the_stored_invoice_and_marks_it_paid_exactly_once_under_concurrent_calls()
    {
        await using var node = await InProcessNode.StartAsync("--cltv-final=18");
        var service = Service(node.Host);
        var created = await ResultAsync(node.Host, "invoice", """[1000, "race", "d"]""");
        var decoded = Bolt11Invoice.Decode(created.GetProperty("bolt11").GetString()!);
        var height = new BlockHeight(500);
        var payment = new IncomingPayment(decoded.PaymentHash, decoded.PaymentSecret, new MilliSatoshi(1200), new CltvExpiry(518), height);
        var decision = await service.CheckIncomingAsync(payment, CancellationToken.None);
        Assert.True(decision.Accepted, decision.Reason);
        Assert.Equal(decoded.PaymentHash, decision.Preimage!.Value.Hash);
        var unknown = payment with { PaymentHash = PaymentHash.FromSpan(new byte[32]) };
        Assert.Equal(PaymentRefusal.UnknownPaymentHash, (await service.CheckIncomingAsync(unknown, CancellationToken.None)).Refusal);

        var paidAt = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => service.MarkPaidAsync(decoded.PaymentHash, new MilliSatoshi(1200), paidAt, CancellationToken.None))));
        Assert.Single(results, r => r.Outcome == MarkPaidOutcome.Paid);
        Assert.Equal(15, results.Count(r => r.Outcome == MarkPaidOutcome.AlreadyPaid));
        Assert.All(results, r => Assert.Equal(1UL, r.Invoice!.Payment!.PayIndex));
        Assert.Equal(PaymentRefusal.AlreadyPaid, (await service.CheckIncomingAsync(payment, CancellationToken.None)).Refusal);
        Assert.Equal(MarkPaidOutcome.NotFound,
            (await service.MarkPaidAsync(unknown.PaymentHash, new MilliSatoshi(1), paidAt, CancellationToken.None)).Outcome);

        var listed = Assert.Single((await ResultAsync(node.Host, "listinvoices", """["race"]""")).GetProperty("invoices").EnumerateArray());
        Assert.Equal("paid", listed.GetProperty("status").GetString());
        Assert.Equal(1200, listed.GetProperty("amount_received_msat").GetInt64());
    }

    [Fact]
    public async Task Invoices_and_pay_index_survive_a_restart_and_pay_index_is_never_reused()
    {
        using var dir = new TempDirectory();
        var config = InProcessNode.Config(dir);
        var paidAt = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        string bolt11;
        await using (var first = await NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None))
        {
            var a = await ResultAsync(first, "invoice", """[1000, "a", "d"]""");
            bolt11 = a.GetProperty("bolt11").GetString()!;
            await ResultAsync(first, "invoice", """[1000, "b", "d"]""");
            await ResultAsync(first, "invoice", """[1000, "c", "d"]""");
            var service = Service(first);
            await service.MarkPaidAsync(Bolt11Invoice.Decode(bolt11).PaymentHash, new MilliSatoshi(1000), paidAt, CancellationToken.None);
            // Deleting the paid invoice with the highest pay_index must not hand its index out again.
            var b = Assert.Single((await ResultAsync(first, "listinvoices", """["b"]""")).GetProperty("invoices").EnumerateArray());
            await service.MarkPaidAsync(PaymentHash.Parse(b.GetProperty("payment_hash").GetString()!), new MilliSatoshi(1000), paidAt,
                CancellationToken.None);
            await ResultAsync(first, "delinvoice", """["b", "paid"]""");
        }
        await using var second = await NodeHost.StartAsync(config, RecordingLogSink.Log(out _), TimeProvider.System, CancellationToken.None);
        var listed = (await ResultAsync(second, "listinvoices", "[]")).GetProperty("invoices").EnumerateArray().ToList();
        Assert.Equal(["a", "c"], listed.Select(i => i.GetProperty("label").GetString()));
        Assert.Equal(bolt11, listed[0].GetProperty("bolt11").GetString());
        Assert.Equal(1UL, listed[0].GetProperty("pay_index").GetUInt64());
        Assert.Equal("unpaid", listed[1].GetProperty("status").GetString());
        await ErrorAsync(second, "invoice", """[1000, "a", "d"]""", InvoiceErrorCodes.DuplicateLabel);

        var c = PaymentHash.Parse(listed[1].GetProperty("payment_hash").GetString()!);
        var marked = await Service(second).MarkPaidAsync(c, new MilliSatoshi(1000), paidAt, CancellationToken.None);
        Assert.Equal(3UL, marked.Invoice!.Payment!.PayIndex);
        Assert.Equal("c", (await ResultAsync(second, "waitanyinvoice", "[1]")).GetProperty("label").GetString());
    }
}
