using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node.Tests.Rpc;

namespace Fulgur.Node.Tests.Payments;

/// <summary>Four nodes in a line: A–B (1,000,000 sat), B–C (1,000,000 sat), C–D (100,000 sat), every channel funded from the left.</summary>
public sealed class LineNetwork() : PaymentNetwork(1_000_000, 1_000_000, 100_000);

/// <summary>
/// sendpay over real fulgurd processes on the devchain (interfaces.md "sendpay — the seed command"): Core Lightning's
/// early two-node sendpay test on A→B, then failures and repeat rules over three and four nodes.
/// </summary>
public sealed class SendPayTests(LineNetwork network) : IClassFixture<LineNetwork>
{
    private PaymentNode A => network.Nodes[0];
    private PaymentNode B => network.Nodes[1];
    private PaymentNode C => network.Nodes[2];
    private PaymentNode D => network.Nodes[3];

    private static async Task<JsonElement> InvoiceOfAsync(PaymentNode payee, string label) =>
        (await payee.RpcAsync("listinvoices", $$"""{"label": "{{label}}"}""")).GetProperty("invoices")[0];

    [SkippableFact]
    public async Task Two_nodes_refuse_bad_payments_then_pay_once_and_answer_repeats_from_the_store()
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        const long Amount = 200_000_000;
        var (hash, secret) = await PaymentNetwork.InvoiceAsync(B, Amount, "testpayment");
        var good = network.Route(1, Amount);
        var failures = new (string What, List<Hop> Route, int Code)[]
        {
            ("too little", [good[0] with { Msat = Amount - 1 }], 203),
            ("more than twice", [good[0] with { Msat = 2 * Amount + 1 }], 203),
            ("too small a delay", [good[0] with { Delay = 5 }], 203),
            ("a wrong node id", [good[0] with { Id = C.Id }], 204),
        };
        foreach (var (what, route, code) in failures)
        {
            var error = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams(route, hash, secret));
            Assert.True(code == error.GetProperty("code").GetInt32(), $"{what}: {error}");
            Assert.Equal("unpaid", (await InvoiceOfAsync(B, "testpayment")).GetProperty("status").GetString());
        }
        var last = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams(failures[0].Route, hash, secret));
        Assert.StartsWith("failed: WIRE_INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS (", last.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(16399, last.GetProperty("data").GetProperty("failcode").GetInt32());
        Assert.Equal(1, last.GetProperty("data").GetProperty("erring_index").GetInt32());
        Assert.Equal("0:0:0", last.GetProperty("data").GetProperty("erring_channel").GetString());

        var aBefore = await A.ToUsAsync(B.Id);
        var bBefore = await B.ToUsAsync(A.Id);
        var paid = await A.RpcAsync("sendpay", PaymentNetwork.SendPayParams(good, hash, secret));
        Assert.Equal("complete", paid.GetProperty("status").GetString());
        var preimage = Hex.Decode(paid.GetProperty("payment_preimage").GetString()!);
        Assert.Equal(hash, Hex.Encode(Sha256.Hash(preimage)));
        Assert.Equal(Amount, paid.GetProperty("msatoshi").GetInt64());
        Assert.Equal(B.Id, paid.GetProperty("destination").GetString());
        var invoice = await InvoiceOfAsync(B, "testpayment");
        Assert.Equal("paid", invoice.GetProperty("status").GetString());
        Assert.Equal(1, invoice.GetProperty("pay_index").GetInt64());
        Assert.Equal(Amount, invoice.GetProperty("msatoshi_received").GetInt64());
        await PaymentNetwork.WaitForAsync(() => A.ToUsAsync(B.Id), v => v == aBefore - Amount, "A's balance to move");
        await PaymentNetwork.WaitForAsync(() => B.ToUsAsync(A.Id), v => v == bBefore + Amount, "B's balance to move");

        // A repeat answers from the store: same preimage, no money moves, no new attempt.
        var attempts = (await A.RpcAsync("listsendpays", $$"""{"payment_hash": "{{hash}}"}""")).GetProperty("payments").GetArrayLength();
        var again = await A.RpcAsync("sendpay", PaymentNetwork.SendPayParams(good, hash, secret));
        Assert.Equal(paid.GetProperty("payment_preimage").GetString(), again.GetProperty("payment_preimage").GetString());
        Assert.Equal(paid.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(attempts, (await A.RpcAsync("listsendpays", $$"""{"payment_hash": "{{hash}}"}""")).GetProperty("payments").GetArrayLength());
        Assert.Equal(aBefore - Amount, await A.ToUsAsync(B.Id));
        // After success, a different amount is 201.
        var different = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams([good[0] with { Msat = Amount + 5 }], hash, secret));
        Assert.Equal(201, different.GetProperty("code").GetInt32());

        // Exactly twice the amount is accepted.
        var (hash2, secret2) = await PaymentNetwork.InvoiceAsync(B, Amount, "testpayment2");
        var twice = await A.RpcAsync("sendpay", PaymentNetwork.SendPayParams([good[0] with { Msat = 2 * Amount }], hash2, secret2));
        Assert.Equal("complete", twice.GetProperty("status").GetString());
        Assert.Equal(2 * Amount, (await InvoiceOfAsync(B, "testpayment2")).GetProperty("msatoshi_received").GetInt64());

        // listpayments shows both complete with their preimages; waitsendpay answers the same.
        var listed = (await A.RpcAsync("listpayments")).GetProperty("payments").EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() == "complete").ToList();
        Assert.Contains(listed, p => p.GetProperty("payment_hash").GetString() == hash
            && p.GetProperty("payment_preimage").GetString() == paid.GetProperty("payment_preimage").GetString());
        Assert.Contains(listed, p => p.GetProperty("payment_hash").GetString() == hash2 && p.TryGetProperty("payment_preimage", out _));
        var waited = await A.RpcAsync("waitsendpay", $$"""{"payment_hash": "{{hash2}}"}""");
        Assert.Equal(twice.GetProperty("payment_preimage").GetString(), waited.GetProperty("payment_preimage").GetString());
        Assert.Equal(208, (await A.ErrorAsync("waitsendpay", $$"""{"payment_hash": "{{new string('0', 64)}}"}""")).GetProperty("code").GetInt32());

        // The doc pages' examples give the documented shapes here.
        foreach (var command in new[] { "sendpay", "waitsendpay", "listsendpays", "listpayments" })
        {
            var page = Fulgur.Node.Rpc.RpcDocs.TryGetPage(command)!;
            var blocks = RpcDocsTests.JsonBlock().Matches(page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..])
                .Select(m => m.Groups[1].Value).ToList();
            using var documented = JsonDocument.Parse(blocks[1]);
            var actual = command switch
            {
                "sendpay" or "waitsendpay" => twice,
                "listsendpays" => await A.RpcAsync("listsendpays", """{"status": "complete"}"""),
                _ => await A.RpcAsync("listpayments", $$"""{"payment_hash": "{{hash2}}"}"""),
            };
            Assert.Equal(RpcDocsTests.Shape(documented.RootElement), RpcDocsTests.Shape(actual));
        }
    }

    [SkippableFact]
    public async Task A_failure_at_the_last_hop_names_the_destination_with_0_0_0()
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        var (hash, secret) = await PaymentNetwork.InvoiceAsync(C, 5_000_000, "last-hop");
        var route = network.Route(2, 5_000_000);
        route[^1] = route[^1] with { Delay = 3 };
        var error = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams(route, hash, secret));
        Assert.Equal(203, error.GetProperty("code").GetInt32());
        var data = error.GetProperty("data");
        Assert.Equal(2, data.GetProperty("erring_index").GetInt32());
        Assert.Equal(C.Id, data.GetProperty("erring_node").GetString());
        Assert.Equal("0:0:0", data.GetProperty("erring_channel").GetString());
        Assert.Equal(16399, data.GetProperty("failcode").GetInt32());
        Assert.Equal("failed", (await A.RpcAsync("listsendpays", $$"""{"payment_hash": "{{hash}}"}""")).GetProperty("payments")[0]
            .GetProperty("status").GetString());

        // Then the right route pays through B, and B earned its fee.
        var good = network.Route(2, 5_000_000);
        var paid = await A.RpcAsync("sendpay", PaymentNetwork.SendPayParams(good, hash, secret));
        Assert.Equal(good[0].Msat, paid.GetProperty("msatoshi_sent").GetInt64());
        Assert.Equal("paid", (await InvoiceOfAsync(C, "last-hop")).GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task A_middle_hop_without_capacity_fails_with_its_index_channel_and_channel_update()
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        // C–D holds 100,000 sat: 150,000 sat cannot leave C.
        const long Amount = 150_000_000;
        var (hash, secret) = await PaymentNetwork.InvoiceAsync(D, Amount, "too-big");
        var route = network.Route(3, Amount);
        var error = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams(route, hash, secret));
        Assert.Equal(204, error.GetProperty("code").GetInt32());
        var data = error.GetProperty("data");
        Assert.Equal(2, data.GetProperty("erring_index").GetInt32());
        Assert.Equal(C.Id, data.GetProperty("erring_node").GetString());
        Assert.Equal(network.Channels[2], data.GetProperty("erring_channel").GetString());
        Assert.Equal(4103, data.GetProperty("failcode").GetInt32());
        Assert.StartsWith("failed: WIRE_TEMPORARY_CHANNEL_FAILURE (", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var update = Hex.Decode(data.GetProperty("channel_update").GetString()!);
        Assert.Equal(new byte[] { 0x01, 0x02 }, update[..2]);
        Assert.Equal("unpaid", (await InvoiceOfAsync(D, "too-big")).GetProperty("status").GetString());

        // A smaller payment over four nodes goes through.
        var (hash2, secret2) = await PaymentNetwork.InvoiceAsync(D, 10_000_000, "fits");
        var paid = await A.RpcAsync("sendpay", PaymentNetwork.SendPayParams(network.Route(3, 10_000_000), hash2, secret2));
        Assert.Equal("complete", paid.GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task Concurrent_sendpays_with_one_hash_answer_200_and_a_changed_amount_after_success_201()
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        var (hash, secret) = await PaymentNetwork.InvoiceAsync(C, 3_000_000, "concurrent");
        var parameters = PaymentNetwork.SendPayParams(network.Route(2, 3_000_000), hash, secret);
        var first = A.CallAsync("sendpay", parameters);
        var second = A.CallAsync("sendpay", parameters);
        var answers = await Task.WhenAll(first, second);
        Assert.Single(answers, a => a.TryGetProperty("result", out _));
        Assert.Single(answers, a => a.TryGetProperty("error", out var e) && e.GetProperty("code").GetInt32() == 200);
        var changed = await A.ErrorAsync("sendpay", PaymentNetwork.SendPayParams(network.Route(2, 3_000_001), hash, secret));
        Assert.Equal(201, changed.GetProperty("code").GetInt32());
    }

    [SkippableFact]
    public async Task A_disconnected_first_hop_is_unknown_next_peer_at_index_0()
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        // A redials B by itself; should it win the race against the sendpay, try again with a new invoice.
        JsonElement error = default;
        var responses = new List<string>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (hash, secret) = await PaymentNetwork.InvoiceAsync(C, 1_000_000, $"disconnected-{attempt}");
            await PaymentNetwork.WaitNormalAsync(A, B);
            await A.RpcAsync("disconnect", $$"""{"id": "{{B.Id}}", "force": true}""");
            var response = await A.CallAsync("sendpay", PaymentNetwork.SendPayParams(network.Route(2, 1_000_000), hash, secret));
            responses.Add(response.ToString());
            if (response.TryGetProperty("error", out error) && error.TryGetProperty("data", out var d)
                && d.TryGetProperty("erring_index", out var index) && index.GetInt32() == 0)
                break;
        }
        Assert.True(error.ValueKind == JsonValueKind.Object && error.GetProperty("code").GetInt32() == 204, string.Join("\n", responses));
        var data = error.GetProperty("data");
        Assert.Equal(0, data.GetProperty("erring_index").GetInt32());
        Assert.Equal(A.Id, data.GetProperty("erring_node").GetString());
        Assert.Equal(network.Channels[0], data.GetProperty("erring_channel").GetString());
        Assert.Equal(16394, data.GetProperty("failcode").GetInt32());
        Assert.Equal("failed: WIRE_UNKNOWN_NEXT_PEER (First peer not ready)", error.GetProperty("message").GetString());
        await PaymentNetwork.WaitNormalAsync(A, B);
        await PaymentNetwork.WaitNormalAsync(B, A);
    }
}
