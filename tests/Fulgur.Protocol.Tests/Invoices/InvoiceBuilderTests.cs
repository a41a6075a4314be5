using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using static Fulgur.Protocol.Tests.Invoices.Bolt11ExampleTests;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>The writer: typed values in, and for the spec's examples whose field order we share, the spec's exact string out.</summary>
public sealed class InvoiceBuilderTests
{
    private static readonly DateTimeOffset ExampleTime = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private static InvoiceBuilder ExampleBuilder(Network network) =>
        new(network, PaymentHash.Parse(PaymentHashHex), PaymentSecret.Parse(PaymentSecretHex), ExampleTime)
        {
            // BOLT #11 examples: "`sgq`: b100000100000000", var_onion_optin and payment_secret, both compulsory.
            Features = FeatureBits.FromBits(8, 14),
        };

    private static PrivateKey SpecKey() => PrivateKey.Create(Hex.Decode(PrivateKeyHex));

    [SkippableFact]
    public void Builds_the_donation_example()
    {
        var builder = ExampleBuilder(Network.Bitcoin);
        builder.Description = "Please consider supporting this project";
        using var key = SpecKey();
        Assert.Equal(Bolt11ExampleFile.Get("Please make a donation").Invoice, builder.Sign(key).Encoded);
    }

    [SkippableFact]
    public void Builds_the_coffee_examples_with_an_expiry()
    {
        using var key = SpecKey();
        foreach (var (title, description) in new[]
                 {
                     ("Please send $3 for a cup of coffee", "1 cup coffee"),
                     ("Please send 0.0025 BTC for a cup of nonsense", "ナンセンス 1杯"),
                 })
        {
            var builder = ExampleBuilder(Network.Bitcoin);
            builder.Amount = new MilliSatoshi(250_000_000);
            builder.Description = description;
            builder.Expiry = TimeSpan.FromSeconds(60);
            Assert.Equal(Bolt11ExampleFile.Get(title).Invoice, builder.Sign(key).Encoded);
        }
    }

    [SkippableFact]
    public void Builds_the_hashed_description_example()
    {
        var builder = ExampleBuilder(Network.Bitcoin);
        builder.Amount = new MilliSatoshi(2_000_000_000);
        builder.DescriptionHash = Bytes32.ParseHex(LongDescriptionHash);
        using var key = SpecKey();
        Assert.Equal(Bolt11ExampleFile.Get("Now send $24").Invoice, builder.Sign(key).Encoded);
    }

    [SkippableFact]
    public void Builds_the_fallback_and_route_hint_example()
    {
        var builder = ExampleBuilder(Network.Bitcoin);
        builder.Amount = new MilliSatoshi(2_000_000_000);
        builder.DescriptionHash = Bytes32.ParseHex(LongDescriptionHash);
        Assert.True(FallbackAddress.TryParse("1RustyRX2oai4EYYDpQGWvEL62BBGqN9T", Network.Bitcoin, out var fallback, out var error), error);
        builder.Fallbacks.Add(fallback);
        builder.RouteHints.Add(new RouteHint(
        [
            new RouteHintHop(NodeId.Parse("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                ShortChannelId.Parse("66051x263430x1800"), new MilliSatoshi(1), 20, new CltvExpiryDelta(3)),
            new RouteHintHop(NodeId.Parse("039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
                ShortChannelId.Parse("197637x395016x2314"), new MilliSatoshi(2), 30, new CltvExpiryDelta(4)),
        ]));
        using var key = SpecKey();
        Assert.Equal(Bolt11ExampleFile.Get("On mainnet, with fallback address 1RustyRX2oai4EYYDpQGWvEL62BBGqN9T").Invoice, builder.Sign(key).Encoded);
    }

    [SkippableFact]
    public void Builds_the_taproot_fallback_example()
    {
        var builder = ExampleBuilder(Network.Bitcoin);
        builder.Amount = new MilliSatoshi(2_000_000_000);
        builder.DescriptionHash = Bytes32.ParseHex(LongDescriptionHash);
        Assert.True(FallbackAddress.TryParse("bc1pptdvg0d2nj99568qn6ssdy4cygnwuxgw2ukmnwgwz7jpqjz2kszse2s3lm", Network.Bitcoin,
            out var fallback, out var error), error);
        builder.Fallbacks.Add(fallback);
        using var key = SpecKey();
        Assert.Equal(Bolt11ExampleFile.Get("On mainnet, with fallback (P2TR)").Invoice, builder.Sign(key).Encoded);
    }

    [Fact]
    public void Payee_field_is_written_and_checked_against_the_signature()
    {
        using var key = SpecKey();
        var builder = ExampleBuilder(Network.Regtest);
        builder.Description = "with n";
        builder.PayeeNodeId = new NodeId(key.PublicKey);
        builder.MinFinalCltvExpiryDelta = new CltvExpiryDelta(10);
        builder.PaymentMetadata = ByteVector.FromHex("01fafaf0");
        var invoice = builder.Sign(key);
        Assert.True(invoice.HasPayeeField);
        Assert.Equal(PayeeHex, invoice.Payee.ToHex());
        Assert.StartsWith("lnbcrt1", invoice.Encoded, StringComparison.Ordinal);
        Assert.Equal(new CltvExpiryDelta(10), invoice.MinFinalCltvExpiryDelta);
        Assert.Equal("01fafaf0", invoice.PaymentMetadata?.ToHex());

        // An n field naming another key than the signer's is refused by the reader, so signing refuses it too.
        using var other = PrivateKey.Create(Hex.Decode("0101010101010101010101010101010101010101010101010101010101010101"));
        builder.PayeeNodeId = new NodeId(other.PublicKey);
        var thrown = Assert.Throws<InvalidOperationException>(() => builder.Sign(key));
        Assert.Contains(nameof(Bolt11ErrorKind.SignatureMismatch), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_rules_are_enforced()
    {
        using var key = SpecKey();
        var neither = ExampleBuilder(Network.Bitcoin);
        Assert.Throws<ArgumentException>(() => neither.Build());

        var both = ExampleBuilder(Network.Bitcoin);
        both.Description = "d";
        both.DescriptionHash = Bytes32.Zero;
        Assert.Throws<ArgumentException>(() => both.Build());

        var tooLong = ExampleBuilder(Network.Bitcoin);
        tooLong.Description = new string('x', InvoiceBuilder.MaxDescriptionBytes + 1);
        Assert.Throws<ArgumentException>(() => tooLong.Build());
        tooLong.Description = new string('x', InvoiceBuilder.MaxDescriptionBytes);
        Assert.Equal(tooLong.Description, tooLong.Sign(key).Description);

        var zero = ExampleBuilder(Network.Bitcoin);
        zero.Description = "d";
        zero.Amount = MilliSatoshi.Zero;
        Assert.Throws<ArgumentOutOfRangeException>(() => zero.Build());

        var fractional = ExampleBuilder(Network.Bitcoin);
        fractional.Description = "d";
        fractional.Expiry = TimeSpan.FromMilliseconds(1500);
        Assert.Throws<ArgumentException>(() => fractional.Build());

        var bothBits = ExampleBuilder(Network.Bitcoin);
        bothBits.Description = "d";
        bothBits.Features = FeatureBits.FromBits(8, 14, 16, 17);
        Assert.Throws<ArgumentException>(() => bothBits.Build());

        var outsideContext = ExampleBuilder(Network.Bitcoin);
        outsideContext.Description = "d";
        outsideContext.Features = FeatureBits.FromBits(8, 14, 23);
        Assert.Throws<ArgumentException>(() => outsideContext.Build());

        var unknownEven = ExampleBuilder(Network.Bitcoin);
        unknownEven.Description = "d";
        unknownEven.Features = FeatureBits.FromBits(8, 14, 100);
        var thrown = Assert.Throws<InvalidOperationException>(() => unknownEven.Sign(key));
        Assert.Contains(nameof(Bolt11ErrorKind.UnknownRequiredFeature), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_expiry_and_defaults_round_trip()
    {
        using var key = SpecKey();
        var builder = ExampleBuilder(Network.Signet);
        builder.Description = "";
        builder.Expiry = TimeSpan.Zero;
        builder.Features = FeatureBits.Empty;
        var invoice = builder.Sign(key);
        Assert.StartsWith("lntbs1", invoice.Encoded, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, invoice.Expiry);
        Assert.True(invoice.IsExpiredAt(ExampleTime));
        Assert.Equal("", invoice.Description);
        Assert.True(invoice.Features.IsEmpty);
        Assert.DoesNotContain(invoice.Fields, f => f.Type == InvoiceFieldType.Features);
        Assert.Equal(Bolt11Invoice.DefaultMinFinalCltvExpiryDelta, invoice.MinFinalCltvExpiryDelta);
    }
}
