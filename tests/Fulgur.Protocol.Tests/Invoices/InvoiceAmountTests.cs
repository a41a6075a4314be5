using CsCheck;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>The human-readable part's amount: multipliers, the pico rule, and the shortest form.</summary>
public sealed class InvoiceAmountTests
{
    [Theory]
    [InlineData("1", 100_000_000_000)]
    [InlineData("20m", 2_000_000_000)]
    [InlineData("2500u", 250_000_000)]
    [InlineData("2500000n", 250_000_000)]
    [InlineData("9678785340p", 967_878_534)]
    [InlineData("10p", 1)]
    [InlineData("10n", 1000)]
    [InlineData("21000000", 2_100_000_000_000_000_000)]
    public void Parses_amounts_in_bitcoin_with_multipliers(string text, long msat)
    {
        Assert.True(InvoiceAmount.TryParse(text, out var amount, out var error), error.ToString());
        Assert.Equal(new MilliSatoshi(msat), amount);
    }

    [Theory]
    [InlineData("1p", Bolt11ErrorKind.SubMillisatoshiAmount)]
    [InlineData("2500000001p", Bolt11ErrorKind.SubMillisatoshiAmount)]
    [InlineData("2500x", Bolt11ErrorKind.InvalidMultiplier)]
    [InlineData("25M", Bolt11ErrorKind.InvalidMultiplier)]
    [InlineData("25mm", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("25m5", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("m", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("0", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("0m", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("025m", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("21000001", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("999999999999999999999999999999999999999999", Bolt11ErrorKind.InvalidAmount)]
    [InlineData("1.5m", Bolt11ErrorKind.InvalidAmount)]
    public void Refuses_malformed_amounts(string text, Bolt11ErrorKind kind)
    {
        Assert.False(InvoiceAmount.TryParse(text, out _, out var error));
        Assert.Equal(kind, error.Kind);
    }

    [Theory]
    [InlineData(1, "10p")]
    [InlineData(1000, "10n")]
    [InlineData(250_000_000, "2500u")]
    [InlineData(2_000_000_000, "20m")]
    [InlineData(967_878_534, "9678785340p")]
    [InlineData(100_000_000_000, "1")]
    [InlineData(2_100_000_000_000_000_000, "21000000")]
    public void Formats_with_the_largest_multiplier(long msat, string expected)
    {
        Assert.Equal(expected, InvoiceAmount.Format(new MilliSatoshi(msat)));
    }

    [Fact]
    public void Format_refuses_amounts_an_invoice_cannot_carry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InvoiceAmount.Format(MilliSatoshi.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => InvoiceAmount.Format(new MilliSatoshi(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InvoiceAmount.Format(MilliSatoshi.MaxMoney + new MilliSatoshi(1)));
    }

    [Fact]
    public void Every_amount_round_trips_through_its_shortest_form()
    {
        Gen.Long[1, MilliSatoshi.MaxMoney.Value].Sample(msat =>
        {
            var text = InvoiceAmount.Format(new MilliSatoshi(msat));
            Assert.True(InvoiceAmount.TryParse(text, out var parsed, out var error), error.ToString());
            Assert.Equal(msat, parsed.Value);
        });
    }

    [Fact]
    public void Parsing_garbage_never_throws()
    {
        Gen.String.Sample(text =>
        {
            if (InvoiceAmount.TryParse(text, out var amount, out _))
                Assert.True(amount.Value > 0 && amount.IsMoneyRange);
        });
    }
}
