using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node.Invoices;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Invoices.InvoiceRpc;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>invoice, listinvoices, delinvoice, waitinvoice, waitanyinvoice through the JSON-RPC dispatcher of one node.</summary>
public sealed class InvoiceRpcTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync("--cltv-final=40");

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private NodeHost Host => _node.Host;

    [Fact]
    public async Task Invoice_returns_the_contract_fields_and_decodes_to_our_node_amount_description_expiry_and_cltv()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = await ResultAsync(Host, "invoice", """{"msatoshi": 123456, "label": "coffee", "description": "1 cup", "expiry": 600}""");
        foreach (var field in new[] { "payment_hash", "payment_secret", "bolt11", "expires_at", "expiry_time" })
            Assert.True(result.TryGetProperty(field, out _), $"no {field} in {result}");
        var bolt11 = result.GetProperty("bolt11").GetString()!;
        Assert.StartsWith("lnbcrt1234560p1", bolt11, StringComparison.Ordinal);
        Assert.InRange(result.GetProperty("expires_at").GetInt64(), before + 600, before + 602);
        Assert.Equal(result.GetProperty("expires_at").GetInt64(), result.GetProperty("expiry_time").GetInt64());

        var nodeId = Host.Identity.NodeId.ToHex();
        var decoded = Bolt11Invoice.Decode(bolt11);
        Assert.Equal(nodeId, decoded.Payee.ToHex());
        Assert.Equal(new MilliSatoshi(123456), decoded.Amount);
        Assert.Equal("1 cup", decoded.Description);
        Assert.Equal(TimeSpan.FromSeconds(600), decoded.Expiry);
        Assert.Equal(new CltvExpiryDelta(40), decoded.MinFinalCltvExpiryDelta);
        Assert.Equal(result.GetProperty("payment_hash").GetString(), decoded.PaymentHash.ToString());
        Assert.Equal(result.GetProperty("payment_secret").GetString(), decoded.PaymentSecret.ToString());
        Assert.True(decoded.Features.IsSet(8) && decoded.Features.IsSet(14) && decoded.Features.IsSet(17), decoded.Features.ToHex());

        var rpc = await ResultAsync(Host, "decodepay", JsonSerializer.Serialize(new { bolt11 }));
        Assert.Equal(nodeId, rpc.GetProperty("payee").GetString());
        Assert.Equal(123456, rpc.GetProperty("msatoshi").GetInt64());
        Assert.Equal(123456, rpc.GetProperty("amount_msat").GetInt64());
        Assert.Equal("1 cup", rpc.GetProperty("description").GetString());
        Assert.Equal(600, rpc.GetProperty("expiry").GetInt64());
        Assert.Equal(40, rpc.GetProperty("min_final_cltv_expiry").GetInt32());
        Assert.Equal("bcrt", rpc.GetProperty("currency").GetString());
        Assert.Equal(rpc.GetProperty("created_at").GetInt64(), rpc.GetProperty("timestamp").GetInt64());
        Assert.Equal(result.GetProperty("payment_hash").GetString(), rpc.GetProperty("payment_hash").GetString());
    }

    [Fact]
    public async Task Invoice_takes_the_cltv_parameter_a_preimage_and_any_amount()
    {
        var preimage = Hex.Encode(Enumerable.Repeat((byte)7, 32).ToArray());
        var result = await ResultAsync(Host, "invoice",
            $$"""{"amount_msat": "any", "label": "any", "description": "tip", "preimage": "{{preimage}}", "cltv": 99}""");
        var decoded = Bolt11Invoice.Decode(result.GetProperty("bolt11").GetString()!);
        Assert.Null(decoded.Amount);
        Assert.Equal(new CltvExpiryDelta(99), decoded.MinFinalCltvExpiryDelta);
        Assert.Equal(Preimage.Parse(preimage).Hash, decoded.PaymentHash);

        var listed = (await ResultAsync(Host, "listinvoices", """["any"]""")).GetProperty("invoices");
        var invoice = Assert.Single(listed.EnumerateArray());
        Assert.False(invoice.TryGetProperty("msatoshi", out _));
        Assert.False(invoice.TryGetProperty("amount_msat", out _));
        Assert.Equal("unpaid", invoice.GetProperty("status").GetString());
        Assert.Equal("tip", invoice.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Invoice_refuses_zero_a_duplicate_label_and_a_duplicate_preimage()
    {
        await ErrorAsync(Host, "invoice", """[0, "zero", "d"]""", RpcErrorCodes.InvalidParams);
        await ErrorAsync(Host, "invoice", """["0msat", "zero", "d"]""", RpcErrorCodes.InvalidParams);
        await ErrorAsync(Host, "invoice", """[1000, "cltv", "d", 3600, null, null, 70000]""", RpcErrorCodes.InvalidParams);
        await ErrorAsync(Host, "invoice", """[1000, "fb", "d", 3600, ["not-an-address"]]""", RpcErrorCodes.InvalidParams);
        await ErrorAsync(Host, "invoice", $$"""[1000, "long", "{{new string('x', 700)}}"]""", RpcErrorCodes.InvalidParams);
        var preimage = Hex.Encode(Enumerable.Repeat((byte)9, 32).ToArray());
        await ResultAsync(Host, "invoice", $$"""[1000, "first", "d", 3600, null, "{{preimage}}"]""");
        await ErrorAsync(Host, "invoice", """[2000, "first", "other"]""", InvoiceErrorCodes.DuplicateLabel);
        await ErrorAsync(Host, "invoice", $$"""[1000, "second", "d", 3600, null, "{{preimage}}"]""", InvoiceErrorCodes.DuplicatePreimage);
        // Neither refused call left an invoice behind.
        Assert.Empty((await ResultAsync(Host, "listinvoices", """["second"]""")).GetProperty("invoices").EnumerateArray());
        Assert.Empty((await ResultAsync(Host, "listinvoices", """["zero"]""")).GetProperty("invoices").EnumerateArray());
    }

    [Fact]
    public async Task Invoice_with_fallbacks_shows_them_in_decodepay()
    {
        var address = (await ResultAsync(Host, "newaddr", "[]")).GetProperty("bech32").GetString()!;
        var result = await ResultAsync(Host, "invoice", JsonSerializer.Serialize(new
        {
            msatoshi = 5000, label = "fallback", description = "d", fallbacks = new[] { address },
        }));
        var decoded = await ResultAsync(Host, "decodepay", JsonSerializer.Serialize(new[] { result.GetProperty("bolt11").GetString() }));
        var fallback = Assert.Single(decoded.GetProperty("fallbacks").EnumerateArray());
        Assert.Equal("P2WPKH", fallback.GetProperty("type").GetString());
        Assert.Equal(address, fallback.GetProperty("addr").GetString());
    }

    [Fact]
    public async Task Listinvoices_filters_by_label_invstring_or_bolt11_and_payment_hash()
    {
        var a = await ResultAsync(Host, "invoice", """[1000, "la", "a"]""");
        await ResultAsync(Host, "invoice", """[2000, "lb", "b"]""");
        var all = (await ResultAsync(Host, "listinvoices", "{}")).GetProperty("invoices");
        Assert.True(all.GetArrayLength() >= 2);
        Assert.Empty((await ResultAsync(Host, "listinvoices", """{"label": "nobody"}""")).GetProperty("invoices").EnumerateArray());

        var bolt11 = a.GetProperty("bolt11").GetString();
        foreach (var query in new object[] { new { label = "la" }, new { invstring = bolt11 }, new { bolt11 },
                     new { payment_hash = a.GetProperty("payment_hash").GetString() } })
        {
            var found = Assert.Single((await ResultAsync(Host, "listinvoices", JsonSerializer.Serialize(query))).GetProperty("invoices").EnumerateArray());
            Assert.Equal("la", found.GetProperty("label").GetString());
            Assert.Equal(bolt11, found.GetProperty("bolt11").GetString());
            Assert.Equal(1000, found.GetProperty("msatoshi").GetInt64());
            Assert.Equal(1000, found.GetProperty("amount_msat").GetInt64());
            Assert.Equal(found.GetProperty("expires_at").GetInt64(), found.GetProperty("expiry_time").GetInt64());
            Assert.False(found.TryGetProperty("pay_index", out _));
        }
        await ErrorAsync(Host, "listinvoices", """{"invstring": "lnbcgarbage"}""", RpcErrorCodes.InvalidParams);
    }

    [Fact]
    public async Task Delinvoice_checks_the_label_and_the_status()
    {
        await ResultAsync(Host, "invoice", """[1000, "del", "d"]""");
        await ErrorAsync(Host, "delinvoice", """["del", "bogus"]""", RpcErrorCodes.InvalidParams);
        await ErrorAsync(Host, "delinvoice", """["nobody", "unpaid"]""", InvoiceErrorCodes.NotFound);
        await ErrorAsync(Host, "delinvoice", """["del", "paid"]""", InvoiceErrorCodes.StatusMismatch);
        var deleted = await ResultAsync(Host, "delinvoice", """{"label": "del", "status": "unpaid"}""");
        Assert.Equal("del", deleted.GetProperty("label").GetString());
        Assert.Equal("unpaid", deleted.GetProperty("status").GetString());
        Assert.Empty((await ResultAsync(Host, "listinvoices", """["del"]""")).GetProperty("invoices").EnumerateArray());
        await ErrorAsync(Host, "delinvoice", """["del", "unpaid"]""", InvoiceErrorCodes.NotFound);
        // The label is free again.
        await ResultAsync(Host, "invoice", """[1000, "del", "d"]""");
    }

    [Fact]
    public async Task An_invoice_past_its_expiry_shows_expired_and_waitinvoice_answers_minus_two_with_the_invoice()
    {
        await ResultAsync(Host, "invoice", """{"msatoshi": 1000, "label": "short", "description": "d", "expiry": 1}""");
        // waitinvoice answers when the invoice expires while it waits.
        var error = await ErrorAsync(Host, "waitinvoice", """["short"]""", InvoiceErrorCodes.WaitExpired);
        Assert.Equal("short", error.GetProperty("data").GetProperty("label").GetString());
        Assert.Equal("expired", error.GetProperty("data").GetProperty("status").GetString());
        var listed = Assert.Single((await ResultAsync(Host, "listinvoices", """["short"]""")).GetProperty("invoices").EnumerateArray());
        Assert.Equal("expired", listed.GetProperty("status").GetString());
        await ErrorAsync(Host, "delinvoice", """["short", "unpaid"]""", InvoiceErrorCodes.StatusMismatch);
        await ResultAsync(Host, "delinvoice", """["short", "expired"]""");
    }

    [Fact]
    public async Task Waitinvoice_is_minus_one_for_a_missing_invoice_and_for_one_deleted_while_waiting()
    {
        await ErrorAsync(Host, "waitinvoice", """["missing"]""", InvoiceErrorCodes.WaitDeleted);
        await ResultAsync(Host, "invoice", """[1000, "gone", "d"]""");
        var waiting = ErrorAsync(Host, "waitinvoice", """["gone"]""", InvoiceErrorCodes.WaitDeleted);
        Assert.False(waiting.IsCompleted);
        await ResultAsync(Host, "delinvoice", """["gone", "unpaid"]""");
        await waiting.WaitAsync(WaitLimit);
    }

    [Fact]
    public async Task Waitinvoice_and_waitanyinvoice_wake_when_the_switch_marks_an_invoice_paid()
    {
        var service = Service(Host);
        var created = await ResultAsync(Host, "invoice", """[5000, "wake", "d"]""");
        var hash = PaymentHash.Parse(created.GetProperty("payment_hash").GetString()!);
        var waitOne = ResultAsync(Host, "waitinvoice", """["wake"]""");
        var waitAny = ResultAsync(Host, "waitanyinvoice", "[]");
        await ErrorAsync(Host, "waitanyinvoice", """{"timeout": 0}""", InvoiceErrorCodes.WaitAnyTimeout);
        Assert.False(waitOne.IsCompleted);
        Assert.False(waitAny.IsCompleted);

        var paidAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var marked = await service.MarkPaidAsync(hash, new MilliSatoshi(6000), paidAt, CancellationToken.None);
        Assert.Equal(MarkPaidOutcome.Paid, marked.Outcome);

        foreach (var paid in new[] { await waitOne.WaitAsync(WaitLimit), await waitAny.WaitAsync(WaitLimit) })
        {
            Assert.Equal("wake", paid.GetProperty("label").GetString());
            Assert.Equal("paid", paid.GetProperty("status").GetString());
            Assert.Equal(1UL, paid.GetProperty("pay_index").GetUInt64());
            Assert.Equal(6000, paid.GetProperty("msatoshi_received").GetInt64());
            Assert.Equal(6000, paid.GetProperty("amount_received_msat").GetInt64());
            Assert.Equal(1_700_000_000, paid.GetProperty("paid_at").GetInt64());
            var preimage = Preimage.Parse(paid.GetProperty("payment_preimage").GetString()!);
            Assert.Equal(hash, preimage.Hash);
        }
        // lastpay_index: 0 answers the first paid invoice at once; 1 waits for the next one (timeout 904).
        Assert.Equal("wake", (await ResultAsync(Host, "waitanyinvoice", """{"lastpay_index": 0}""")).GetProperty("label").GetString());
        await ErrorAsync(Host, "waitanyinvoice", """{"lastpay_index": 1, "timeout": 0}""", InvoiceErrorCodes.WaitAnyTimeout);
        var next = ResultAsync(Host, "waitanyinvoice", """[1, 60]""");
        var second = await ResultAsync(Host, "invoice", """["any", "wake2", "d"]""");
        Assert.False(next.IsCompleted);
        await service.MarkPaidAsync(PaymentHash.Parse(second.GetProperty("payment_hash").GetString()!), new MilliSatoshi(1), paidAt,
            CancellationToken.None);
        var woken = await next.WaitAsync(WaitLimit);
        Assert.Equal("wake2", woken.GetProperty("label").GetString());
        Assert.Equal(2UL, woken.GetProperty("pay_index").GetUInt64());
        // A paid invoice waits no more.
        Assert.Equal("paid", (await ResultAsync(Host, "waitinvoice", """["wake"]""")).GetProperty("status").GetString());
        await ErrorAsync(Host, "delinvoice", """["wake", "unpaid"]""", InvoiceErrorCodes.StatusMismatch);
    }
}
