using Fulgur.Node.Routing;

namespace Fulgur.Node.Tests.Routing;

public sealed class RouteExclusionsTests
{
    [Theory]
    [InlineData("500000x12x1/0", 0)]
    [InlineData("500000:12:1/1", 1)]
    public void ChannelDirection_InEitherSpelling(string text, int direction)
    {
        Assert.True(RouteExclusions.TryParseEntry(text, out var channel, out var node));
        Assert.Null(node);
        Assert.Equal(Protocol.Types.ShortChannelId.Create(500000, 12, 1), channel.Channel);
        Assert.Equal((ChannelDirection)direction, channel.Direction);
    }

    [Fact]
    public void NodeId()
    {
        const string Id = "03864ef025fde8fb587d989186ce6a4a186895ee44a926bfc370e2c366597a3f8f";
        Assert.True(RouteExclusions.TryParseEntry(Id, out _, out var node));
        Assert.Equal(Id, node!.ToHex());
    }

    [Theory]
    [InlineData("")]
    [InlineData("500000x12x1")]
    [InlineData("500000x12x1/2")]
    [InlineData("500000x12x1/")]
    [InlineData("junk/0")]
    [InlineData("03864ef025")]
    public void Garbage_IsRejected(string text) => Assert.False(RouteExclusions.TryParseEntry(text, out _, out _));
}
