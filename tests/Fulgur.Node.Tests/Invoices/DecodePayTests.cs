using System.Text.Json;
using System.Text.RegularExpressions;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Invoices;
using Fulgur.TestKit;
using static Fulgur.Node.Tests.Invoices.InvoiceRpc;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>decodepay of BOLT 11's own examples (read from shared/bolts) and of garbage.</summary>
public sealed partial class DecodePayTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [GeneratedRegex(@"^> (ln[a-z0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex ExampleLine();

    /// <summary>The valid examples: the "> ln…" lines of "# Examples", before "# Examples of Invalid Invoices".</summary>
    private static List<string> ValidExamples()
    {
        var text = File.ReadAllText(SharedData.Require("bolts/11-payment-encoding.md"));
        var start = text.IndexOf("\n# Examples\n", StringComparison.Ordinal);
        var end = text.IndexOf("\n# Examples of Invalid Invoices", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the examples sections moved");
        return [.. ExampleLine().Matches(text[start..end]).Select(m => m.Groups[1].Value)];
    }

    [SkippableFact]
    public async Task Every_valid_BOLT_11_example_decodes_to_the_contract_fields()
    {
        var examples = ValidExamples();
        Assert.True(examples.Count >= 10, $"only {examples.Count} examples found");
        foreach (var text in examples)
        {
            var expected = Bolt11Invoice.Decode(text);
            var result = await ResultAsync(_node.Host, "decodepay", JsonSerializer.Serialize(new { bolt11 = text }));
            Assert.Equal(expected.Network.InvoicePrefix[2..], result.GetProperty("currency").GetString());
            Assert.Equal(expected.Timestamp.ToUnixTimeSeconds(), result.GetProperty("created_at").GetInt64());
            Assert.Equal(expected.Timestamp.ToUnixTimeSeconds(), result.GetProperty("timestamp").GetInt64());
            Assert.Equal((long)expected.Expiry.TotalSeconds, result.GetProperty("expiry").GetInt64());
            Assert.Equal(expected.Payee.ToHex(), result.GetProperty("payee").GetString());
            Assert.Equal(expected.PaymentHash.ToString(), result.GetProperty("payment_hash").GetString());
            Assert.Equal(expected.PaymentSecret.ToString(), result.GetProperty("payment_secret").GetString());
            Assert.Equal(expected.MinFinalCltvExpiryDelta.Value, result.GetProperty("min_final_cltv_expiry").GetInt32());
            Assert.Equal(expected.Features.ToHex(), result.GetProperty("features").GetString());
            Assert.True(result.TryGetProperty("signature", out _));
            if (expected.Amount is { } amount)
            {
                Assert.Equal(amount.Value, result.GetProperty("msatoshi").GetInt64());
                Assert.Equal(amount.Value, result.GetProperty("amount_msat").GetInt64());
            }
            else
            {
                Assert.False(result.TryGetProperty("amount_msat", out _));
            }
            Assert.Equal(expected.Description is not null, result.TryGetProperty("description", out _));
            Assert.Equal(expected.DescriptionHash is not null, result.TryGetProperty("description_hash", out _));
            Assert.Equal(expected.RouteHints.Count > 0, result.TryGetProperty("routes", out _));
            Assert.Equal(expected.Fallbacks.Count, result.TryGetProperty("fallbacks", out var f) ? f.GetArrayLength() : 0);
        }
    }

    /// <summary>BOLT 11's "Send $3 for a cup of coffee to the same peer, within one minute" example, embedded.</summary>
    [Fact]
    public async Task The_cup_of_coffee_example_decodes_to_its_documented_values()
    {
        const string Coffee = "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";
        var result = await ResultAsync(_node.Host, "decodepay", $"[\"{Coffee}\"]");
        Assert.Equal("bc", result.GetProperty("currency").GetString());
        Assert.Equal(250_000_000, result.GetProperty("amount_msat").GetInt64());
        Assert.Equal("1 cup coffee", result.GetProperty("description").GetString());
        Assert.Equal(60, result.GetProperty("expiry").GetInt64());
        Assert.Equal(1496314658, result.GetProperty("created_at").GetInt64());
        Assert.Equal("03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad", result.GetProperty("payee").GetString());
        Assert.Equal("0001020304050607080900010203040506070809000102030405060708090102", result.GetProperty("payment_hash").GetString());
        Assert.Equal(18, result.GetProperty("min_final_cltv_expiry").GetInt32());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"lnbc1garbage\"")]
    [InlineData("\"lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsy\"")]
    [InlineData("42")]
    public async Task Garbage_is_an_invalid_params_error(string bolt11) =>
        await ErrorAsync(_node.Host, "decodepay", $"[{bolt11}]", RpcErrorCodes.InvalidParams);

    [SkippableFact]
    public async Task A_description_that_does_not_match_the_hash_is_refused()
    {
        var withHash = ValidExamples().First(e => Bolt11Invoice.Decode(e).DescriptionHash is not null);
        await ErrorAsync(_node.Host, "decodepay", JsonSerializer.Serialize(new[] { withHash, "not the description" }), RpcErrorCodes.InvalidParams);
    }
}
