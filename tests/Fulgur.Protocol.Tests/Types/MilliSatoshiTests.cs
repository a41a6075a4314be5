using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.ValueTypes;

public sealed class MilliSatoshiTests
{
    [Theory]
    [InlineData("1000msat", 1000L)]
    [InlineData("5sat", 5000L)]
    [InlineData("0.001btc", 100_000_000L)]
    [InlineData("1btc", 100_000_000_000L)]
    [InlineData("0.00000000001btc", 1L)]
    [InlineData("12345", 12345L)]
    [InlineData("0", 0L)]
    [InlineData("0msat", 0L)]
    [InlineData("21000000btc", 2_100_000_000_000_000_000L)]
    public void Parses_rpc_amounts(string text, long msat)
    {
        Assert.True(MilliSatoshi.TryParse(text, out var amount));
        Assert.Equal(new MilliSatoshi(msat), amount);
    }

    [Fact]
    public void Bare_integers_can_mean_satoshis()
    {
        Assert.True(MilliSatoshi.TryParse("5", AmountUnit.Satoshi, out var amount));
        Assert.Equal(new MilliSatoshi(5000), amount);
        Assert.True(MilliSatoshi.TryParse("5msat", AmountUnit.Satoshi, out amount));
        Assert.Equal(new MilliSatoshi(5), amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("msat")]
    [InlineData("-1")]
    [InlineData("-1msat")]
    [InlineData("1.5msat")]
    [InlineData("1.5sat")]
    [InlineData("1.5")]
    [InlineData("0.000000000001btc")]
    [InlineData("21000000.00000000001btc")]
    [InlineData("99999999999999999999999")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("0x10")]
    [InlineData("1 000")]
    [InlineData("1..0btc")]
    [InlineData("5 bits")]
    public void Refuses_malformed_amounts(string text)
    {
        Assert.False(MilliSatoshi.TryParse(text, out _));
    }

    [Fact]
    public void Parse_never_throws()
    {
        Gen.String.Sample(text => { _ = MilliSatoshi.TryParse(text, out _); });
        Gen.Char["0123456789.msatbc"].Array[0, 30].Select(c => new string(c)).Sample(text =>
        {
            if (MilliSatoshi.TryParse(text, out var amount))
                Assert.True(amount.IsMoneyRange);
        });
    }

    [Fact]
    public void Round_trips_through_ToString()
    {
        Gen.Long[0, MilliSatoshi.MaxMoney.Value].Sample(value =>
            Assert.Equal(new MilliSatoshi(value), MilliSatoshi.Parse(new MilliSatoshi(value).ToString())));
    }

    [Fact]
    public void Arithmetic_is_checked()
    {
        Assert.Equal(new MilliSatoshi(3), new MilliSatoshi(1) + new MilliSatoshi(2));
        Assert.Equal(new MilliSatoshi(-1), new MilliSatoshi(1) - new MilliSatoshi(2));
        Assert.Throws<OverflowException>(() => new MilliSatoshi(long.MaxValue) + new MilliSatoshi(1));
        Assert.Throws<OverflowException>(() => new MilliSatoshi(long.MaxValue) * 2);
        Assert.Equal(new MilliSatoshi(5), new MilliSatoshi(11) / 2);
        Assert.True(new MilliSatoshi(1) < new MilliSatoshi(2));
        Assert.Equal(new MilliSatoshi(2), MilliSatoshi.Max(new MilliSatoshi(1), new MilliSatoshi(2)));
    }

    [Fact]
    public void Converts_to_and_from_satoshi()
    {
        Assert.Equal(new MilliSatoshi(5000), MilliSatoshi.FromSatoshi(new Satoshi(5)));
        Assert.Equal(new Satoshi(5), new MilliSatoshi(5999).TruncateToSatoshi());
        Assert.False(new MilliSatoshi(5999).TryToSatoshi(out _));
        Assert.True(new MilliSatoshi(6000).TryToSatoshi(out var sat));
        Assert.Equal(new Satoshi(6), sat);
        Assert.Throws<OverflowException>(() => MilliSatoshi.FromSatoshi(long.MaxValue));
        Assert.Equal(MilliSatoshi.MaxMoney, MilliSatoshi.FromSatoshi(Satoshi.MaxMoney));
    }
}
