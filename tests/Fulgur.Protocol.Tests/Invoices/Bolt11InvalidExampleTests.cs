using Fulgur.Protocol.Invoices;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>BOLT 11's "Examples of Invalid Invoices" (reference test vectors): each is refused, for its stated reason.</summary>
public sealed class Bolt11InvalidExampleTests
{
    private static readonly Dictionary<string, Bolt11ErrorKind> Reasons = new(StringComparer.Ordinal)
    {
        ["Same, but adding invalid unknown feature 100"] = Bolt11ErrorKind.UnknownRequiredFeature,
        ["Bech32 checksum is invalid."] = Bolt11ErrorKind.InvalidChecksum,
        ["Malformed bech32 string (no 1)"] = Bolt11ErrorKind.MissingSeparator,
        ["Malformed bech32 string (mixed case)"] = Bolt11ErrorKind.MixedCase,
        ["Signature is not recoverable."] = Bolt11ErrorKind.UnrecoverableSignature,
        ["String is too short."] = Bolt11ErrorKind.TooShort,
        ["Invalid multiplier"] = Bolt11ErrorKind.InvalidMultiplier,
        ["Invalid sub-millisatoshi precision."] = Bolt11ErrorKind.SubMillisatoshiAmount,
        ["Missing required `s` field."] = Bolt11ErrorKind.MissingPaymentSecret,
        ["Non canonical signature (high-S) with 'n' field defined"] = Bolt11ErrorKind.HighSSignature,
    };

    public static TheoryData<string> Titles => [.. Reasons.Keys];

    [SkippableFact]
    public void Every_invalid_example_in_the_spec_has_a_reason()
    {
        var titles = Bolt11ExampleFile.Load().Where(e => !e.IsValid).Select(e => e.Title).ToList();
        Assert.Equal(Reasons.Count, titles.Count);
        foreach (var title in titles)
            Assert.Contains(title, Reasons.Keys);
    }

    [SkippableTheory]
    [MemberData(nameof(Titles))]
    public void Example_is_refused_for_its_stated_reason(string title)
    {
        var example = Bolt11ExampleFile.Get(title);
        Assert.False(Bolt11Invoice.TryDecode(example.Invoice, out var invoice, out var error));
        Assert.Null(invoice);
        Assert.Equal(Reasons[title], error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
        var thrown = Assert.Throws<FormatException>(() => Bolt11Invoice.Decode(example.Invoice));
        Assert.Contains(error.Detail, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reason_is_distinct()
    {
        Assert.Equal(Reasons.Count, Reasons.Values.Distinct().Count());
    }
}
