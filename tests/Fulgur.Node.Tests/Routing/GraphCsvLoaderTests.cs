using Fulgur.Node.Routing;

namespace Fulgur.Node.Tests.Routing;

public sealed class GraphCsvLoaderTests
{
    private const string Header =
        "scid,source,destination,capacity_sat,disabled,htlc_minimum_msat,htlc_maximum_msat,fee_base_msat,fee_proportional_millionths,cltv_expiry_delta";

    private const string A = "024b9a1fa8e006f1e3937f65f66c408e6da8e1ca728ea43222a7381df1cc449605";
    private const string B = "03864ef025fde8fb587d989186ce6a4a186895ee44a926bfc370e2c366597a3f8f";

    [Fact]
    public void ReadsBothDirections()
    {
        var csv = $"{Header}\n500000x0x0,{A},{B},9093802,0,1,4092210000,0,11000,34\n500000x0x0,{B},{A},9093802,1,0,1000000,1000,499,144\n";
        Assert.True(GraphCsvLoader.TryLoad(new StringReader(csv), out var graph, out var error), error);
        var snapshot = graph.Snapshot();
        Assert.Equal(2, snapshot.NodeCount);
        Assert.Equal(1, snapshot.ChannelCount);
        Assert.Equal(1, snapshot.UsableDirectionCount);
        Assert.True(graph.TryGetDirection(Protocol.Types.ShortChannelId.Parse("500000x0x0"), ChannelDirection.FromNode1, out var update));
        Assert.Equal(11_000u, update!.Policy.FeeProportionalMillionths);
        Assert.Equal(34, update.Policy.CltvExpiryDelta);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not,a,header")]
    [InlineData(Header + "\n500000x0x0," + A + "," + B + ",9093802,0,1,4092210000,0,11000")]
    [InlineData(Header + "\n500000x0x0," + A + "," + B + ",-5,0,1,4092210000,0,11000,34")]
    [InlineData(Header + "\n500000x0x0," + A + "," + B + ",9093802,2,1,4092210000,0,11000,34")]
    [InlineData(Header + "\nnope," + A + "," + B + ",9093802,0,1,4092210000,0,11000,34")]
    [InlineData(Header + "\n500000x0x0,02zz," + B + ",9093802,0,1,4092210000,0,11000,34")]
    [InlineData(Header + "\n500000x0x0," + A + "," + A + ",9093802,0,1,4092210000,0,11000,34")]
    [InlineData(Header + "\n500000x0x0," + A + "," + B + ",9093802,0,1,4092210000,0,11000,99999999")]
    public void Garbage_IsAnError_NotAnException(string csv)
    {
        Assert.False(GraphCsvLoader.TryLoad(new StringReader(csv), out _, out var error));
        Assert.NotEqual("", error);
    }
}
