using Fulgur.Node.Invoices;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>The SQLite invoices table: round trip of every field, uniqueness, the paid-once guard, pay_index order.</summary>
public sealed class InvoiceRepositoryTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static Invoice Make(string label, byte seed, MilliSatoshi? amount)
    {
        var preimage = Preimage.FromSpan(Enumerable.Repeat(seed, 32).ToArray());
        return new Invoice(label, "lnbcrt-" + label, preimage.Hash, preimage, PaymentSecret.FromSpan(Enumerable.Repeat((byte)(seed + 1), 32).ToArray()),
            amount, "description of " + label, Created, Created.AddSeconds(3600), new CltvExpiryDelta(40), null);
    }

    [Fact]
    public async Task Invoices_round_trip_and_are_paid_at_most_once()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        var a = Make("a", 1, new MilliSatoshi(1000));
        var b = Make("b", 3, null);
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            await tx.Invoices.AddAsync(a, CancellationToken.None);
            await tx.Invoices.AddAsync(b, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        await using (var tx = await store.BeginAsync(CancellationToken.None))
        {
            Assert.Equal(a, await tx.Invoices.GetByLabelAsync("a", CancellationToken.None));
            Assert.Equal(b, await tx.Invoices.GetByPaymentHashAsync(b.PaymentHash, CancellationToken.None));
            Assert.Equal([a, b], await tx.Invoices.ListAsync(CancellationToken.None));
            Assert.Null(await tx.Invoices.FirstPaidAfterAsync(0, CancellationToken.None));

            var payment = new InvoicePayment(7, new MilliSatoshi(1500), Created.AddSeconds(10));
            Assert.True(await tx.Invoices.MarkPaidAsync(b.PaymentHash, payment, CancellationToken.None));
            Assert.False(await tx.Invoices.MarkPaidAsync(b.PaymentHash, payment with { PayIndex = 8 }, CancellationToken.None));
            Assert.False(await tx.Invoices.MarkPaidAsync(PaymentHash.FromSpan(new byte[32]), payment, CancellationToken.None));
            Assert.Equal(b with { Payment = payment }, await tx.Invoices.FirstPaidAfterAsync(6, CancellationToken.None));
            Assert.Null(await tx.Invoices.FirstPaidAfterAsync(7, CancellationToken.None));

            Assert.True(await tx.Invoices.DeleteAsync("a", CancellationToken.None));
            Assert.False(await tx.Invoices.DeleteAsync("a", CancellationToken.None));
            Assert.Null(await tx.Invoices.GetByLabelAsync("a", CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_table_refuses_a_second_invoice_with_the_same_label_or_payment_hash()
    {
        await using var store = await SqliteStore.OpenAsync(SqliteStore.InMemory, CancellationToken.None);
        await using var tx = await store.BeginAsync(CancellationToken.None);
        await tx.Invoices.AddAsync(Make("a", 1, null), CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => tx.Invoices.AddAsync(Make("a", 5, null), CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => tx.Invoices.AddAsync(Make("other", 1, null), CancellationToken.None));
    }

    [Fact]
    public void Status_is_paid_once_paid_else_expired_from_expires_at()
    {
        var invoice = Make("a", 1, null);
        Assert.Equal(InvoiceStatus.Unpaid, invoice.StatusAt(invoice.ExpiresAt.AddSeconds(-1)));
        Assert.Equal(InvoiceStatus.Expired, invoice.StatusAt(invoice.ExpiresAt));
        var paid = invoice with { Payment = new InvoicePayment(1, new MilliSatoshi(5), Created) };
        Assert.Equal(InvoiceStatus.Paid, paid.StatusAt(invoice.ExpiresAt.AddDays(1)));
        Assert.True(Invoice.TryParseStatus("expired", out var s) && s == InvoiceStatus.Expired);
        Assert.False(Invoice.TryParseStatus("Paid", out _));
        Assert.Equal(Bolt11Invoice.DefaultMinFinalCltvExpiryDelta, Invoice.DefaultMinFinalCltvExpiry);
    }
}
