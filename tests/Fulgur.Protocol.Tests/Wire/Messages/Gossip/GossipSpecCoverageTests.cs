using Fulgur.Protocol.Tests.SpecConformance;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Wire.Messages.Gossip;

/// <summary>Every message BOLT 7 defines has a registered codec (the spec-drift test then checks its fields).</summary>
public sealed class GossipSpecCoverageTests
{
    [SkippableFact]
    public void Every_bolt7_message_is_registered()
    {
        var registered = MessageRegistry.Default.Descriptors.Select(d => d.Name).ToHashSet();
        var bolt7 = SpecDriftTests.ParseMessages().Where(m => m.File == "07-routing-gossip.md").ToList();
        Assert.Equal(9, bolt7.Count);
        var missing = bolt7.Where(m => !registered.Contains(m.Name)).Select(m => m.Name).ToList();
        Assert.True(missing.Count == 0, $"BOLT 7 messages without a codec: {string.Join(", ", missing)}");
    }
}
