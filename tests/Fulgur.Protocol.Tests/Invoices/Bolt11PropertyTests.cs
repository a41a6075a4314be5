using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>
/// CsCheck properties: random valid invoices survive encode→decode with every field intact; garbage, random bech32 data
/// and single-character corruptions never throw, and corruptions are always refused.
/// </summary>
public sealed class Bolt11PropertyTests
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private static readonly string[] Secrets =
    [
        "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734",
        "0101010101010101010101010101010101010101010101010101010101010101",
        "4242424242424242424242424242424242424242424242424242424242424242",
    ];

    private static readonly NodeId[] HopNodes =
    [
        NodeId.Parse("029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
        NodeId.Parse("039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255"),
        NodeId.Parse("03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7"),
    ];

    /// <summary>Everything an invoice is built from.</summary>
    internal sealed record Case(
        int Network, int Key, MilliSatoshi? Amount, long Timestamp, byte[] Hash, byte[] Secret, string? Description, byte[]? DescriptionHash,
        bool WithPayee, TimeSpan? Expiry, CltvExpiryDelta? Cltv, FallbackAddress[] Fallbacks, RouteHint[] Hints, FeatureBits Features,
        byte[]? Metadata);

    private static readonly Gen<FallbackAddress> GenFallback = Gen.OneOf(
        Gen.Select(Gen.Byte[17, 18], Gen.Byte.Array[20], Fallback),
        Gen.Select(Gen.Const((byte)0), Gen.OneOf(Gen.Byte.Array[20], Gen.Byte.Array[32]), Fallback),
        Gen.Select(Gen.Byte[1, 16], Gen.Byte.Array[2, 40], Fallback));

    private static readonly Gen<RouteHint> GenHint = Gen.Select(Gen.Int[0, HopNodes.Length - 1], Gen.ULong, Gen.UInt, Gen.UInt, Gen.UShort,
            (node, scid, feeBase, feeRate, cltv) =>
                new RouteHintHop(HopNodes[node], new ShortChannelId(scid), new MilliSatoshi(feeBase), feeRate, new CltvExpiryDelta(cltv)))
        .Array[1, 4].Select(hops => new RouteHint(hops));

    // Features an invoice may carry (BOLT 9 context 9, or ASSUMED), each absent, even or odd; plus unknown odd bits,
    // which a reader keeps and ignores.
    private static readonly Feature[] InvoiceFeatures =
        [.. KnownFeatures.All.Where(f => f.IsAssumed || (f.Contexts & FeatureContexts.Invoice) != 0)];

    private static readonly Gen<FeatureBits> GenFeatures = Gen.Select(
        Gen.Int[0, 2].Array[InvoiceFeatures.Length],
        Gen.Int[100, 200].Select(i => 2 * i + 1).Array[0, 3],
        (choices, odd) => FeatureBits.FromBits(choices
            .Select((choice, i) => choice == 0 ? -1 : InvoiceFeatures[i].CompulsoryBit + choice - 1)
            .Where(bit => bit >= 0)
            .Concat(odd)));

    private static readonly Gen<string> GenText = Gen.Char['\u0020', '\ud7ff'].Array[0, 150].Select(chars => new string(chars));

    private static readonly Gen<Case> GenCase =
        Gen.Select(
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, Secrets.Length - 1], Gen.Bool, Gen.Long[1, MilliSatoshi.MaxMoney.Value], Gen.Long[0, UnsignedInvoice.MaxTimestampSeconds],
                Gen.Byte.Array[32], Gen.Byte.Array[32]),
            Gen.Select(Gen.Bool, GenText, Gen.Byte.Array[32], Gen.Bool, Gen.Bool, Gen.Long[0, 10_000_000_000], Gen.Bool, Gen.UShort),
            Gen.Select(GenFallback.Array[0, 2], GenHint.Array[0, 2], GenFeatures, Gen.Bool, Gen.Byte.Array[0, 64]),
            (a, b, c) => new Case(
                a.Item1, a.Item2, a.Item3 ? new MilliSatoshi(a.Item4) : null, a.Item5, a.Item6, a.Item7,
                b.Item1 ? b.Item2 : null, b.Item1 ? null : b.Item3, b.Item4,
                b.Item5 ? TimeSpan.FromSeconds(b.Item6) : null, b.Item7 ? new CltvExpiryDelta(b.Item8) : null,
                c.Item1, c.Item2, c.Item3, c.Item4 ? c.Item5 : null));

    private static FallbackAddress Fallback(byte version, byte[] program) =>
        FallbackAddress.TryCreate(version, program, out var fallback, out var error) ? fallback : throw new InvalidOperationException(error);

    private static Bolt11Invoice Create(Case c)
    {
        using var key = PrivateKey.Create(Hex.Decode(Secrets[c.Key]));
        var builder = new InvoiceBuilder(Network.All[c.Network], PaymentHash.FromSpan(c.Hash), PaymentSecret.FromSpan(c.Secret),
            DateTimeOffset.FromUnixTimeSeconds(c.Timestamp))
        {
            Amount = c.Amount,
            Description = c.Description,
            DescriptionHash = c.DescriptionHash is null ? null : Bytes32.FromSpan(c.DescriptionHash),
            PayeeNodeId = c.WithPayee ? new NodeId(key.PublicKey) : null,
            Expiry = c.Expiry,
            MinFinalCltvExpiryDelta = c.Cltv,
            Features = c.Features,
            PaymentMetadata = c.Metadata is null ? null : new ByteVector(c.Metadata),
        };
        foreach (var fallback in c.Fallbacks)
            builder.Fallbacks.Add(fallback);
        foreach (var hint in c.Hints)
            builder.RouteHints.Add(hint);
        return builder.Sign(key);
    }

    [Fact]
    public void Random_valid_invoices_round_trip()
    {
        GenCase.Sample(c =>
        {
            var created = Create(c);
            Assert.True(Bolt11Invoice.TryDecode(created.Encoded, out var invoice, out var error), error.ToString());
            using var key = PrivateKey.Create(Hex.Decode(Secrets[c.Key]));
            Assert.Same(Network.All[c.Network], invoice.Network);
            Assert.Equal(c.Amount, invoice.Amount);
            Assert.Equal(c.Timestamp, invoice.Timestamp.ToUnixTimeSeconds());
            Assert.Equal(PaymentHash.FromSpan(c.Hash), invoice.PaymentHash);
            Assert.Equal(PaymentSecret.FromSpan(c.Secret), invoice.PaymentSecret);
            Assert.Equal(c.Description, invoice.Description);
            Assert.Equal(c.DescriptionHash is null ? null : Bytes32.FromSpan(c.DescriptionHash), invoice.DescriptionHash);
            Assert.Equal(new NodeId(key.PublicKey), invoice.Payee);
            Assert.Equal(c.WithPayee, invoice.HasPayeeField);
            Assert.Equal(c.Expiry ?? Bolt11Invoice.DefaultExpiry, invoice.Expiry);
            Assert.Equal(c.Cltv ?? Bolt11Invoice.DefaultMinFinalCltvExpiryDelta, invoice.MinFinalCltvExpiryDelta);
            Assert.Equal(c.Fallbacks, invoice.Fallbacks);
            Assert.Equal(c.Hints, invoice.RouteHints);
            Assert.Equal(c.Features, invoice.Features);
            Assert.Equal(c.Metadata is null ? null : new ByteVector(c.Metadata), invoice.PaymentMetadata);
            Assert.Equal(created.Encoded, invoice.ToUnsigned().Sign(key).Encoded);
            // BIP-0173 upper case (for QR codes) reads the same.
            Assert.True(Bolt11Invoice.TryDecode(created.Encoded.ToUpperInvariant(), out var upper, out error), error.ToString());
            Assert.Equal(created.Encoded, upper.Encoded);
        }, iter: 200);
    }

    [Fact]
    public void Garbage_never_throws_and_is_refused()
    {
        Gen.String.Sample(text =>
        {
            Assert.False(Bolt11Invoice.TryDecode(text, out var invoice, out var error));
            Assert.Null(invoice);
            Assert.NotEqual(Bolt11ErrorKind.None, error.Kind);
        }, iter: 2000);
        Assert.False(Bolt11Invoice.TryDecode(null, out _, out var nullError));
        Assert.Equal(Bolt11ErrorKind.MalformedBech32, nullError.Kind);
        Assert.False(Bolt11Invoice.TryDecode(new string('q', Bolt11Invoice.MaxLength + 1), out _, out var longError));
        Assert.Equal(Bolt11ErrorKind.TooLong, longError.Kind);
    }

    [Fact]
    public void Random_data_with_a_valid_checksum_never_throws()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Byte[0, 31].Array[0, 600]).Sample((network, words) =>
        {
            var text = Bech32.Encode(Network.All[network].InvoicePrefix, words, Bech32Variant.Bech32);
            if (Bolt11Invoice.TryDecode(text, out var invoice, out _))
                Assert.Equal(text, invoice.Encoded);
        }, iter: 2000);
    }

    [Fact]
    public void Mutated_fields_with_a_fixed_checksum_never_throw()
    {
        Gen.Select(GenCase, Gen.Int[0, int.MaxValue], Gen.Byte[0, 31], Gen.Int[0, 3]).Sample((c, position, value, extra) =>
        {
            var created = Create(c);
            var separator = created.Encoded.LastIndexOf('1');
            var words = created.Encoded[(separator + 1)..^6].Select(ch => (byte)Charset.IndexOf(ch, StringComparison.Ordinal)).ToList();
            words[position % words.Count] = value;
            // Also drop a few words, to shift field boundaries.
            words.RemoveRange(position % words.Count, Math.Min(extra, words.Count - position % words.Count));
            var text = Bech32.Encode(created.HumanReadablePart, [.. words], Bech32Variant.Bech32);
            if (Bolt11Invoice.TryDecode(text, out var invoice, out _))
                Assert.Equal(text, invoice.Encoded);
        }, iter: 300);
    }

    [Fact]
    public void Any_single_character_substitution_is_refused()
    {
        Gen.Select(GenCase, Gen.Int[0, int.MaxValue], Gen.Int[1, 31], Gen.Bool).Sample((c, position, shift, upper) =>
        {
            var text = Create(c).Encoded;
            var index = position % text.Length;
            var original = text[index];
            const string HrpCharacters = "abcdefghijklmnopqrstuvwxyz0123456789";
            var alphabet = index > text.LastIndexOf('1') ? Charset : HrpCharacters;
            var replacement = upper && char.IsAsciiLetterLower(original)
                ? char.ToUpperInvariant(original)
                : alphabet[(Math.Max(0, alphabet.IndexOf(original, StringComparison.Ordinal)) + shift) % alphabet.Length];
            if (replacement == original)
                replacement = original == 'q' ? 'p' : 'q';
            var corrupted = string.Concat(text.AsSpan(0, index), [replacement], text.AsSpan(index + 1));
            Assert.False(Bolt11Invoice.TryDecode(corrupted, out _, out var error), $"{corrupted} was accepted");
            Assert.NotEqual(Bolt11ErrorKind.None, error.Kind);
        }, iter: 500);
    }

    [Fact]
    public void Truncated_invoices_are_refused()
    {
        Gen.Select(GenCase, Gen.Int[1, int.MaxValue]).Sample((c, cut) =>
        {
            var text = Create(c).Encoded;
            var truncated = text[..(text.Length - 1 - cut % (text.Length - 1))];
            Assert.False(Bolt11Invoice.TryDecode(truncated, out _, out var error));
            Assert.NotEqual(Bolt11ErrorKind.None, error.Kind);
        }, iter: 200);
    }
}
