using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// BOLT 11 against Electrum's independent implementation: Electrum reads the invoices Fulgur signs with the same
/// payment hash, amount, description, expiry, payee and the rest; Fulgur reads the invoices Electrum signs, and re-signing
/// them with the same key gives Electrum's exact data part. Cases come from a seeded generator, so failures repeat.
/// </summary>
public sealed class InvoiceElectrumTests
{
    private const int Cases = 40;

    private static readonly string[] Secrets =
    [
        "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734",
        "0101010101010101010101010101010101010101010101010101010101010101",
        "4242424242424242424242424242424242424242424242424242424242424242",
    ];

    private static readonly string[] HopNodes =
    [
        "029e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255",
        "039e03a901b85534ff1e92c43c74431f7ce72046060fcf7a95c37e148f78c77255",
        "03d06758583bb5154774a6eb221b1276c9e82d65bbaceca806d90e20c108f4b1c7",
    ];

    private static readonly string[] Descriptions =
    [
        "", "1 cup coffee", "ナンセンス 1杯", "Blockstream Store: 88.85 USD for \"Back In My Day\" Sticker x 2", new string('z', 639),
    ];

    /// <summary>One invoice's content, in the terms both sides share.</summary>
    private sealed record Content(
        Network Network, string Secret, long? AmountMsat, long Timestamp, byte[] Hash, byte[] PaymentSecret, string? Description,
        string? HashedDescription, bool WithPayee, long? Expiry, ushort? Cltv, FallbackAddress? Fallback, RouteHint[] Hints, int[] FeatureBits);

    [SkippableFact]
    public async Task Electrum_decodes_invoices_Fulgur_created()
    {
        await InvoiceElectrum.RequireAsync();
        var contents = Generate(new Random(11), withPayeeField: true);
        var invoices = contents.Select(Sign).ToList();
        var batch = new JsonArray([.. contents.Zip(invoices, (c, i) => new JsonObject { ["network"] = c.Network.Name, ["invoice"] = i.Encoded })]);
        var decoded = await InvoiceElectrum.RunAsync("decode", batch);
        Assert.Equal(contents.Count, decoded.Count);
        for (var i = 0; i < contents.Count; i++)
            AssertElectrumRead(contents[i], invoices[i], decoded[i]!.AsObject());
    }

    [SkippableFact]
    public async Task Fulgur_decodes_invoices_Electrum_created()
    {
        await InvoiceElectrum.RequireAsync();
        var contents = Generate(new Random(23), withPayeeField: false);
        var batch = new JsonArray([.. contents.Select(ToElectrumRequest)]);
        var encoded = await InvoiceElectrum.RunAsync("encode", batch);
        Assert.Equal(contents.Count, encoded.Count);
        for (var i = 0; i < contents.Count; i++)
        {
            var text = encoded[i]!.GetValue<string>();
            Assert.True(Bolt11Invoice.TryDecode(text, out var invoice, out var error), $"{error} for Electrum's {text}");
            AssertFulgurRead(contents[i], invoice);
            // Re-signing what we read gives Electrum's exact human-readable part and data; only the signature may differ,
            // as Electrum grinds its nonce for a low R (which BOLT 11 notes "is not enforced in this specification").
            using var key = PrivateKey.Create(Hex.Decode(contents[i].Secret));
            var resigned = invoice.ToUnsigned().Sign(key);
            var unsignedLength = text.Length - 6 - Bolt11Invoice.SignatureWords;
            Assert.Equal(text[..unsignedLength], resigned.Encoded[..unsignedLength]);
            Assert.Equal(invoice.SigningHash, resigned.SigningHash);
        }
    }

    [SkippableFact]
    public async Task Electrum_reads_the_spec_invoices_Fulgur_reads()
    {
        await InvoiceElectrum.RequireAsync();
        // Electrum 4.3 does not implement option_payment_metadata, so it refuses the example requiring it (even bit 48).
        var examples = Invoices.Bolt11ExampleFile.Load().Where(e => e.IsValid).ToList();
        var ours = examples.Select(e => Bolt11Invoice.Decode(e.Invoice))
            .Where(i => !i.Features.IsSet(KnownFeatures.OptionPaymentMetadata.CompulsoryBit)).ToList();
        Assert.Equal(examples.Count - 1, ours.Count);
        var batch = new JsonArray([.. ours.Select(i => new JsonObject { ["network"] = i.Network.Name, ["invoice"] = i.Encoded })]);
        var theirs = await InvoiceElectrum.RunAsync("decode", batch);
        for (var i = 0; i < ours.Count; i++)
        {
            var electrum = theirs[i]!.AsObject();
            Assert.False(electrum.ContainsKey("error"), $"{ours[i].Encoded}: {electrum["error"]}");
            Assert.Equal(ours[i].PaymentHash.ToString(), (string?)electrum["payment_hash"]);
            Assert.Equal(ours[i].Amount?.Value, (long?)electrum["amount_msat"]);
            Assert.Equal(ours[i].Payee.ToHex(), (string?)electrum["payee"]);
            Assert.Equal((long)ours[i].Expiry.TotalSeconds, (long?)electrum["expiry"]);
            Assert.Equal(ours[i].Description, (string?)electrum["description"]);
        }
    }

    private static List<Content> Generate(Random random, bool withPayeeField)
    {
        var contents = new List<Content>();
        for (var i = 0; i < Cases; i++)
        {
            var network = Network.All[i % Network.All.Count];
            long? amount = (i % 5) switch
            {
                0 => null,
                1 => random.NextInt64(1, 1000),
                2 => random.NextInt64(1, 100_000_000) * 1000,
                3 => random.NextInt64(1, MilliSatoshi.MaxMoney.Value),
                _ => random.Next(1, 100) * 100_000_000_000L,
            };
            var hashed = i % 7 == 3;
            var description = Descriptions[random.Next(Descriptions.Length)];
            var hints = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new RouteHint(
                [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new RouteHintHop(
                    NodeId.Parse(HopNodes[random.Next(HopNodes.Length)]),
                    new ShortChannelId((ulong)random.NextInt64()),
                    new MilliSatoshi(random.Next()),
                    (uint)random.Next(),
                    new CltvExpiryDelta((ushort)random.Next(0, short.MaxValue))))])).ToArray();
            contents.Add(new Content(
                network,
                Secrets[random.Next(Secrets.Length)],
                amount,
                random.NextInt64(1_500_000_000, 2_000_000_000),
                RandomBytes(random, 32),
                RandomBytes(random, 32),
                hashed ? null : description,
                hashed ? description : null,
                withPayeeField && i % 3 == 0,
                random.Next(3) == 0 ? null : random.NextInt64(0, 10_000_000),
                random.Next(3) == 0 ? null : (ushort)random.Next(1, 5000),
                RandomFallback(random),
                hints,
                random.Next(2) == 0 ? [8, 14] : [8, 14, 17, 99]));
        }
        return contents;
    }

    private static FallbackAddress? RandomFallback(Random random)
    {
        var (version, length) = random.Next(5) switch
        {
            0 => ((byte)0, 20),
            1 => ((byte)0, 32),
            2 => ((byte)1, 32),
            3 => (FallbackAddress.P2PkhVersion, 20),
            _ => (byte.MaxValue, 0),
        };
        if (version == byte.MaxValue)
            return null;
        Assert.True(FallbackAddress.TryCreate(version, RandomBytes(random, length), out var fallback, out var error), error);
        return fallback;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Bolt11Invoice Sign(Content c)
    {
        using var key = PrivateKey.Create(Hex.Decode(c.Secret));
        var builder = new InvoiceBuilder(c.Network, PaymentHash.FromSpan(c.Hash), PaymentSecret.FromSpan(c.PaymentSecret),
            DateTimeOffset.FromUnixTimeSeconds(c.Timestamp))
        {
            Amount = c.AmountMsat is { } msat ? new MilliSatoshi(msat) : null,
            Description = c.Description,
            DescriptionHash = c.HashedDescription is null ? null : Bytes32.FromSpan(Sha256.Hash(Encoding.UTF8.GetBytes(c.HashedDescription))),
            PayeeNodeId = c.WithPayee ? new NodeId(key.PublicKey) : null,
            Expiry = c.Expiry is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            MinFinalCltvExpiryDelta = c.Cltv is { } cltv ? new CltvExpiryDelta(cltv) : null,
            Features = FeatureBits.FromBits(c.FeatureBits),
        };
        if (c.Fallback is not null)
            builder.Fallbacks.Add(c.Fallback);
        foreach (var hint in c.Hints)
            builder.RouteHints.Add(hint);
        return builder.Sign(key);
    }

    private static JsonObject ToElectrumRequest(Content c)
    {
        var request = new JsonObject
        {
            ["network"] = c.Network.Name,
            ["private_key"] = c.Secret,
            ["payment_hash"] = Hex.Encode(c.Hash),
            ["payment_secret"] = Hex.Encode(c.PaymentSecret),
            ["amount_msat"] = c.AmountMsat,
            ["timestamp"] = c.Timestamp,
            ["description"] = c.Description,
            ["description_to_hash"] = c.HashedDescription,
            ["expiry"] = c.Expiry,
            ["min_final_cltv"] = c.Cltv is { } cltv ? cltv : null,
            ["features"] = FeatureInteger(c.FeatureBits),
            ["routes"] = new JsonArray([.. c.Hints.Select(h => new JsonArray([.. h.Hops.Select(ElectrumHop)]))]),
        };
        if (c.Fallback is not null)
        {
            Assert.True(c.Fallback.TryFormat(c.Network, out var address));
            request["fallback"] = address;
        }
        return request;
    }

    private static JsonArray ElectrumHop(RouteHintHop hop) =>
    [
        hop.NodeId.ToHex(),
        hop.ShortChannelId.Value.ToString("x16", CultureInfo.InvariantCulture),
        hop.FeeBase.Value,
        hop.FeeProportionalMillionths,
        (int)hop.CltvExpiryDelta.Value,
    ];

    // Python ints are arbitrary precision; bit 99 fits neither a long nor a decimal, so features travel as a raw JSON number.
    private static JsonNode FeatureInteger(int[] bits) =>
        JsonNode.Parse(bits.Aggregate(BigInteger.Zero, (sum, bit) => sum | (BigInteger.One << bit)).ToString(CultureInfo.InvariantCulture))!;

    private static void AssertElectrumRead(Content c, Bolt11Invoice ours, JsonObject electrum)
    {
        Assert.False(electrum.ContainsKey("error"), $"Electrum refused {ours.Encoded}: {electrum["error"]}");
        Assert.Equal(Hex.Encode(c.Hash), (string?)electrum["payment_hash"]);
        Assert.Equal(Hex.Encode(c.PaymentSecret), (string?)electrum["payment_secret"]);
        Assert.Equal(c.AmountMsat, (long?)electrum["amount_msat"]);
        Assert.Equal(c.Timestamp, (long?)electrum["timestamp"]);
        Assert.Equal(c.Description, (string?)electrum["description"]);
        Assert.Equal(ours.DescriptionHash?.ToHex(), (string?)electrum["description_hash"]);
        Assert.Equal(c.Expiry ?? 3600, (long?)electrum["expiry"]);
        Assert.Equal(c.Cltv ?? 18, (int?)electrum["min_final_cltv"]);
        Assert.Equal(ours.Payee.ToHex(), (string?)electrum["payee"]);
        string? fallback = null;
        Assert.True(c.Fallback is null || c.Fallback.TryFormat(c.Network, out fallback));
        Assert.Equal(fallback, (string?)electrum["fallback"]);
        var routes = electrum["routes"]!.AsArray();
        Assert.Equal(c.Hints.Length, routes.Count);
        for (var h = 0; h < c.Hints.Length; h++)
            Assert.Equal(new JsonArray([.. c.Hints[h].Hops.Select(ElectrumHop)]).ToJsonString(), routes[h]!.ToJsonString());
        Assert.Equal(FeatureInteger(c.FeatureBits).ToJsonString(), electrum["features"]!.ToJsonString());
    }

    private static void AssertFulgurRead(Content c, Bolt11Invoice invoice)
    {
        using var key = PrivateKey.Create(Hex.Decode(c.Secret));
        Assert.Same(c.Network, invoice.Network);
        Assert.Equal(Hex.Encode(c.Hash), invoice.PaymentHash.ToString());
        Assert.Equal(Hex.Encode(c.PaymentSecret), invoice.PaymentSecret.ToString());
        Assert.Equal(c.AmountMsat, invoice.Amount?.Value);
        Assert.Equal(c.Timestamp, invoice.Timestamp.ToUnixTimeSeconds());
        Assert.Equal(c.Description, invoice.Description);
        if (c.HashedDescription is not null)
            Assert.True(invoice.DescriptionMatches(c.HashedDescription));
        Assert.Equal(TimeSpan.FromSeconds(c.Expiry ?? 3600), invoice.Expiry);
        Assert.Equal(c.Cltv ?? 18, invoice.MinFinalCltvExpiryDelta.Value);
        Assert.Equal(new NodeId(key.PublicKey), invoice.Payee);
        Assert.Equal(c.Fallback is null ? [] : [c.Fallback], invoice.Fallbacks);
        Assert.Equal(c.Hints, invoice.RouteHints);
        Assert.Equal(c.FeatureBits, invoice.Features.SetBits);
    }
}
