using System.Text;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>
/// BOLT 11's "Examples" (reference test vectors), read from the spec: each decodes to the fields its breakdown states,
/// signs over the stated data and hash, and re-signed with the spec's key gives the same string byte for byte.
/// </summary>
public sealed class Bolt11ExampleTests
{
    // BOLT #11: "NB: all the following examples are signed with `priv_key`=`e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734`."
    internal const string PrivateKeyHex = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734";
    internal const string PayeeHex = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    internal const string PaymentHashHex = "0001020304050607080900010203040506070809000102030405060708090102";
    internal const string PaymentSecretHex = "1111111111111111111111111111111111111111111111111111111111111111";
    internal const long Timestamp = 1496314658;
    internal const string LongDescription = "One piece of chocolate cake, one icecream cone, one pickle, one slice of swiss cheese, one slice of salami, "
        + "one lollypop, one piece of cherry pie, one sausage, one cupcake, and one slice of watermelon";
    internal const string LongDescriptionHash = "3925b6f67e2c340036ed12093dd44e0368df1b6ea26c53dbe4811f58fd5db8c1";

    private const string HighSPayeeHex = "02d0139ce7427d6dfffd26a326c18be754ef1e64672b42694ba5b23ef6e6e7803d";
    private const string Donation = "Please make a donation of any amount";
    private const string CoffeeBeans = "Please send $30 for coffee beans";

    /// <summary>Each valid example's title start and the fields its breakdown states.</summary>
    private static readonly Dictionary<string, Action<Bolt11Invoice>> Expectations = new(StringComparer.Ordinal)
    {
        [Donation] = i => AssertCommon(i, Network.Bitcoin, null, "Please consider supporting this project", [8, 14]),
        ["Please send $3 for a cup of coffee"] = i => AssertCommon(i, Network.Bitcoin, 250_000_000, "1 cup coffee", [8, 14], expirySeconds: 60),
        ["Please send 0.0025 BTC for a cup of nonsense"] = i =>
            AssertCommon(i, Network.Bitcoin, 250_000_000, "ナンセンス 1杯", [8, 14], expirySeconds: 60),
        ["Now send $24 for an entire list of things (hashed)"] = i => AssertHashed(i, Network.Bitcoin),
        ["The same, on testnet, with a fallback address"] = i => AssertFallback(i, Network.Testnet, 17, "mk2QpYatsKicvFVuTAQLBryyccRXMUaGHP"),
        ["On mainnet, with fallback address 1RustyRX2oai4EYYDpQGWvEL62BBGqN9T"] = i =>
        {
            AssertFallback(i, Network.Bitcoin, 17, "1RustyRX2oai4EYYDpQGWvEL62BBGqN9T");
            var hint = Assert.Single(i.RouteHints);
            Assert.Equal(
                [
                    new RouteHintHop(NodeId.Parse("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                        ShortChannelId.Parse("66051x263430x1800"), new MilliSatoshi(1), 20, new CltvExpiryDelta(3)),
                    new RouteHintHop(NodeId.Parse("039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                        ShortChannelId.Parse("197637x395016x2314"), new MilliSatoshi(2), 30, new CltvExpiryDelta(4)),
                ],
                hint.Hops);
        },
        ["On mainnet, with fallback (P2SH) address"] = i => AssertFallback(i, Network.Bitcoin, 18, "3EktnHQD7RiAE6uzMj2ZifT9YgRrkSgzQX"),
        ["On mainnet, with fallback (P2WPKH) address"] = i =>
            AssertFallback(i, Network.Bitcoin, 0, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ["On mainnet, with fallback (P2WSH) address"] = i =>
            AssertFallback(i, Network.Bitcoin, 0, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"),
        ["On mainnet, with fallback (P2TR) address"] = i =>
            AssertFallback(i, Network.Bitcoin, 1, "bc1pptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszse2s3lm"),
        ["Please send 0.00967878534 BTC for a list of items within one week, amount in pico-BTC"] = i =>
        {
            Assert.Equal(new MilliSatoshi(967_878_534), i.Amount);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1572468703), i.Timestamp);
            Assert.Equal(PaymentHash.Parse("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f"), i.PaymentHash);
            Assert.Equal(PaymentSecretHex, i.PaymentSecret.ToString());
            Assert.Equal("Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" Sticker x 2, "
                + "\"I Got Lightning Working\" Sticker x 2 and 1 more items", i.Description);
            Assert.Equal(TimeSpan.FromSeconds(604800), i.Expiry);
            Assert.Equal(new CltvExpiryDelta(10), i.MinFinalCltvExpiryDelta);
            var hop = Assert.Single(Assert.Single(i.RouteHints).Hops);
            Assert.Equal(new RouteHintHop(NodeId.Parse("03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7"),
                ShortChannelId.Parse("589390x3312x1"), new MilliSatoshi(1000), 2500, new CltvExpiryDelta(40)), hop);
            Assert.Equal([8, 14], i.Features.SetBits);
            Assert.Equal(PayeeHex, i.Payee.ToHex());
        },
        [CoffeeBeans] = i => AssertCommon(i, Network.Bitcoin, 2_500_000_000, "coffee beans", [8, 14, 99]),
        ["Same, but all upper case."] = i => AssertCommon(i, Network.Bitcoin, 2_500_000_000, "coffee beans", [8, 14, 99]),
        ["Same, but including fields which must be ignored."] = i =>
        {
            AssertCommon(i, Network.Bitcoin, 2_500_000_000, "coffee beans", [8, 14, 99]);
            // The unknown field 2, the version-19 fallback and the eight p/h/s/n fields of the wrong length are kept, not used.
            Assert.Equal(14, i.Fields.Count);
            Assert.Contains(i.Fields, f => (byte)f.Type == 10 && f.Words.Length == 3);
            Assert.Equal(2, i.Fields.Count(f => f.Type == InvoiceFieldType.PayeeNodeId));
        },
        ["Please send 0.01 BTC with payment metadata 0x01fafaf0"] = i =>
            AssertCommon(i, Network.Bitcoin, 1_000_000_000, "payment metadata inside", [8, 14, 48], metadataHex: "01fafaf0"),
        // The example negates the donation's S but keeps its recovery id, so recovery yields another key than the spec's
        // (Electrum recovers the same one); what the vector checks is that a high-S signature is accepted without an n field.
        ["Public-key recovery with high-S signature"] = i =>
            AssertCommon(i, Network.Bitcoin, null, "Please consider supporting this project", [8, 14], payeeHex: HighSPayeeHex),
    };

    public static TheoryData<string> ValidTitles => [.. Expectations.Keys];

    [SkippableFact]
    public void Every_valid_example_in_the_spec_has_expectations()
    {
        var titles = Bolt11ExampleFile.Load().Where(e => e.IsValid).Select(e => e.Title).ToList();
        Assert.Equal(Expectations.Count, titles.Count);
        foreach (var title in titles)
            Assert.Single(Expectations.Keys, k => title.StartsWith(k, StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(ValidTitles))]
    public void Example_decodes_to_its_stated_fields(string title)
    {
        var example = Bolt11ExampleFile.Get(title);
        Assert.True(Bolt11Invoice.TryDecode(example.Invoice, out var invoice, out var error), error.ToString());
        Expectations[title](invoice);
        Assert.Equal(example.Invoice.ToLowerInvariant(), invoice.Encoded);
    }

    [SkippableTheory]
    [MemberData(nameof(ValidTitles))]
    public void Example_signs_the_stated_data_and_hash(string title)
    {
        var example = Bolt11ExampleFile.Get(title);
        var invoice = Bolt11Invoice.Decode(example.Invoice);
        if (example.SigningDataHex is not null)
            Assert.Equal(example.SigningDataHex, Hex.Encode(invoice.ToUnsigned().SigningData()));
        if (example.SigningHashHex is not null)
        {
            Assert.Equal(example.SigningHashHex, invoice.SigningHash.ToHex());
            Assert.Equal(invoice.SigningHash, invoice.ToUnsigned().SigningHash());
        }
        if (example.SignatureHex is not null)
        {
            Assert.Equal(example.SignatureHex, Hex.Encode(invoice.Signature.Span[..64]));
            Assert.Equal(example.RecoveryId, invoice.Signature[64]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ValidTitles))]
    public void Example_re_signed_with_the_spec_key_is_byte_for_byte_identical(string title)
    {
        var example = Bolt11ExampleFile.Get(title);
        using var key = PrivateKey.Create(Hex.Decode(PrivateKeyHex));
        var resigned = Bolt11Invoice.Decode(example.Invoice).ToUnsigned().Sign(key);
        // The high-S example's signature is the donation example's with S negated; our signer always writes low S.
        var expected = title.StartsWith("Public-key recovery with high-S", StringComparison.Ordinal)
            ? Bolt11ExampleFile.Get(Donation).Invoice
            : example.Invoice.ToLowerInvariant();
        Assert.Equal(expected, resigned.Encoded);
    }

    [SkippableFact]
    public void High_s_example_differs_from_the_donation_only_in_s_and_is_accepted()
    {
        var highS = Bolt11Invoice.Decode(Bolt11ExampleFile.Get("Public-key recovery with high-S").Invoice);
        var lowS = Bolt11Invoice.Decode(Bolt11ExampleFile.Get(Donation).Invoice);
        Assert.True(highS.Signature.Span[..32].SequenceEqual(lowS.Signature.Span[..32]));
        Assert.False(highS.Signature.Span[32..64].SequenceEqual(lowS.Signature.Span[32..64]));
        Assert.Equal(lowS.Signature[64], highS.Signature[64]);
        Assert.Equal(lowS.SigningHash, highS.SigningHash);
        Assert.NotEqual(lowS.Payee, highS.Payee);
    }

    [SkippableFact]
    public void Upper_case_example_equals_its_lower_case_twin()
    {
        var upper = Bolt11Invoice.Decode(Bolt11ExampleFile.Get("Same, but all upper case.").Invoice);
        var lower = Bolt11Invoice.Decode(Bolt11ExampleFile.Get(CoffeeBeans).Invoice);
        Assert.Equal(lower.Encoded, upper.Encoded);
        Assert.Equal(lower.SigningHash, upper.SigningHash);
    }

    [SkippableFact]
    public void Hashed_description_matches_its_preimage_only()
    {
        var invoice = Bolt11Invoice.Decode(Bolt11ExampleFile.Get("Now send $24").Invoice);
        Assert.True(invoice.DescriptionMatches(LongDescription));
        Assert.False(invoice.DescriptionMatches(LongDescription + "."));
    }

    [SkippableFact]
    public void Lightning_uri_prefix_is_accepted()
    {
        var example = Bolt11ExampleFile.Get(Donation);
        Assert.True(Bolt11Invoice.TryDecode("lightning:" + example.Invoice, out var invoice, out var error), error.ToString());
        Assert.Equal(example.Invoice, invoice.Encoded);
    }

    private static void AssertCommon(Bolt11Invoice i, Network network, long? amountMsat, string description, int[] featureBits,
        int expirySeconds = 3600, string? metadataHex = null, string payeeHex = PayeeHex)
    {
        Assert.Same(network, i.Network);
        Assert.Equal(amountMsat is { } a ? new MilliSatoshi(a) : null, i.Amount);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp), i.Timestamp);
        Assert.Equal(PaymentHash.Parse(PaymentHashHex), i.PaymentHash);
        Assert.Equal(PaymentSecretHex, i.PaymentSecret.ToString());
        Assert.Equal(description, i.Description);
        Assert.Null(i.DescriptionHash);
        Assert.Equal(payeeHex, i.Payee.ToHex());
        Assert.False(i.HasPayeeField);
        Assert.Equal(featureBits, i.Features.SetBits);
        Assert.Equal(new CltvExpiryDelta(18), i.MinFinalCltvExpiryDelta);
        Assert.Empty(i.Fallbacks);
        Assert.Empty(i.RouteHints);
        Assert.Equal(metadataHex, i.PaymentMetadata?.ToHex());
        Assert.Equal(TimeSpan.FromSeconds(expirySeconds), i.Expiry);
    }

    private static void AssertHashed(Bolt11Invoice i, Network network)
    {
        Assert.Same(network, i.Network);
        Assert.Equal(new MilliSatoshi(2_000_000_000), i.Amount);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Timestamp), i.Timestamp);
        Assert.Equal(PaymentHash.Parse(PaymentHashHex), i.PaymentHash);
        Assert.Equal(PaymentSecretHex, i.PaymentSecret.ToString());
        Assert.Null(i.Description);
        Assert.Equal(LongDescriptionHash, i.DescriptionHash?.ToHex());
        Assert.Equal(LongDescriptionHash, Hex.Encode(Sha256.Hash(Encoding.UTF8.GetBytes(LongDescription))));
        Assert.Equal(PayeeHex, i.Payee.ToHex());
        Assert.Equal([8, 14], i.Features.SetBits);
        Assert.Equal(Bolt11Invoice.DefaultExpiry, i.Expiry);
    }

    private static void AssertFallback(Bolt11Invoice i, Network network, byte version, string address)
    {
        AssertHashed(i, network);
        var fallback = Assert.Single(i.Fallbacks);
        Assert.Equal(version, fallback.Version);
        Assert.True(fallback.TryFormat(network, out var formatted));
        Assert.Equal(address, formatted);
        Assert.True(FallbackAddress.TryParse(address, network, out var parsed, out var error), error);
        Assert.Equal(fallback, parsed);
    }
}
