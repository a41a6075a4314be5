using CsCheck;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.ValueTypes;

public sealed class ShortChannelIdTests
{
    [Fact]
    public void Bolt7_example_539268x845x1()
    {
        var scid = ShortChannelId.Parse("539268x845x1");
        Assert.Equal(539268u, scid.BlockHeight);
        Assert.Equal(845u, scid.TransactionIndex);
        Assert.Equal((ushort)1, scid.OutputIndex);
        Assert.Equal((539268UL << 40) | (845UL << 16) | 1, scid.Value);
        Assert.Equal("539268x845x1", scid.ToString(ShortChannelIdFormat.X));
        Assert.Equal("539268:845:1", scid.ToString());
        Assert.Equal(scid, ShortChannelId.Parse("539268:845:1"));
    }

    [Theory]
    [InlineData("16777216x0x0")]
    [InlineData("0x16777216x0")]
    [InlineData("0x0x65536")]
    [InlineData("1:2")]
    [InlineData("1:2:3:4")]
    [InlineData("1x2:3")]
    [InlineData("-1:2:3")]
    [InlineData("+1:2:3")]
    [InlineData(" 1:2:3")]
    [InlineData("1::3")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("99999999999:0:0")]
    public void TryParse_rejects_malformed_or_out_of_range(string text)
    {
        Assert.False(ShortChannelId.TryParse(text, out _));
    }

    [Fact]
    public void Largest_parts_are_accepted()
    {
        var scid = ShortChannelId.Parse("16777215:16777215:65535");
        Assert.Equal(ulong.MaxValue, scid.Value);
    }

    [Fact]
    public void Create_rejects_out_of_range_parts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortChannelId.Create(1 << 24, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortChannelId.Create(0, 1 << 24, 0));
    }

    [Fact]
    public void Both_spellings_round_trip()
    {
        Gen.ULong.Sample(value =>
        {
            var scid = new ShortChannelId(value);
            Assert.Equal(scid, ShortChannelId.Parse(scid.ToString()));
            Assert.Equal(scid, ShortChannelId.Parse(scid.ToString(ShortChannelIdFormat.X)));
            Assert.Equal(scid, ShortChannelId.Create(scid.BlockHeight, scid.TransactionIndex, scid.OutputIndex));
        });
    }

    [Fact]
    public void Parsing_garbage_never_throws()
    {
        Gen.String.Sample(text => { _ = ShortChannelId.TryParse(text, out _); });
        Gen.Char["0123456789x:"].Array[0, 30].Select(c => new string(c)).Sample(text =>
        {
            if (ShortChannelId.TryParse(text, out var scid))
                Assert.Equal(scid, ShortChannelId.Parse(scid.ToString()));
        });
    }

    [Fact]
    public void Ordering_is_by_block_then_tx_then_output()
    {
        Assert.True(ShortChannelId.Parse("1:2:3") < ShortChannelId.Parse("1:3:0"));
        Assert.True(ShortChannelId.Parse("2:0:0") > ShortChannelId.Parse("1:65535:65535"));
    }
}
