using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Bitcoin.Tests.Fees;

public sealed class FeeTests
{
    [Fact]
    public void Conversions_between_units()
    {
        Assert.Equal(new FeeRate(250), FeeRate.FromSatPerVByte(1));
        Assert.Equal(new FeeRate(2500), FeeRate.FromSatPerVByte(10));
        Assert.Equal(new FeeRate(63), FeeRate.FromSatPerVByte(0.25m));
        Assert.Equal(1000, new FeeRate(250).SatPerKvB);
        Assert.Equal(new FeeRate(250), FeeRate.FromSatPerKvB(1000));
        Assert.Equal(new FeeRate(250), FeeRate.FromSatPerKvB(1003));
        Assert.Equal(2.5m, new FeeRate(625).SatPerVByte);
        Assert.True(FeeRate.Floor > new FeeRate(250));
    }

    [Theory]
    // BOLT #3 fee calculation: "Multiply `feerate_per_kw` by `weight`, divide by 1000 (rounding down)".
    [InlineData(253, 724, 183)] // 253 * 724 / 1000 = 183.172
    [InlineData(15000, 724, 10860)]
    [InlineData(5000, 663, 3315)]
    [InlineData(1, 999, 0)]
    public void Fee_for_weight_rounds_down(long perKw, long weight, long fee) =>
        Assert.Equal(new Satoshi(fee), new FeeRate(perKw).FeeForWeight(weight));

    [Fact]
    public void Fee_for_virtual_size_rounds_up_as_bitcoind()
    {
        Assert.Equal(new Satoshi(141), new FeeRate(250).FeeForVirtualSize(141));
        Assert.Equal(new Satoshi(1), new FeeRate(1).FeeForVirtualSize(1)); // 4 sat/kvB * 1 vB = 0.004 → 1
        Assert.Equal(Satoshi.Zero, FeeRate.Zero.FeeForVirtualSize(100));
    }

    [Theory]
    // BOLT #3 "Calculating and Handling Dust": p2pkh 546, p2sh 540, p2wpkh 294, p2wsh 330; bitcoind gives p2tr 330.
    [InlineData("76a914000000000000000000000000000000000000000088ac", 546)]
    [InlineData("a914000000000000000000000000000000000000000087", 540)]
    [InlineData("00140000000000000000000000000000000000000000", 294)]
    [InlineData("00200000000000000000000000000000000000000000000000000000000000000000", 330)]
    [InlineData("51200000000000000000000000000000000000000000000000000000000000000000", 330)]
    [InlineData("6a0400000000", 0)]
    public void Dust_thresholds_match_bolt3_and_bitcoind(string scriptHex, long threshold)
    {
        var output = new TxOut(Satoshi.Zero, Script.FromHex(scriptHex));
        Assert.Equal(new Satoshi(threshold), DustThreshold.For(output));
        if (threshold > 0)
            Assert.True(DustThreshold.IsDust(output with { Value = new Satoshi(threshold - 1) }));
        Assert.False(DustThreshold.IsDust(output with { Value = new Satoshi(threshold) }));
    }

    [Fact]
    public void Unknown_segwit_version_dust_is_354()
    {
        // BOLT #3: "The unknown segwit version dust threshold is then `(51 + 67) * 3000 / 1000 = 354 satoshis`"
        var output = new TxOut(Satoshi.Zero, StandardScripts.WitnessProgram(16, new byte[40]));
        Assert.Equal(new Satoshi(354), DustThreshold.For(output));
    }
}
