using System.Text.RegularExpressions;
using Fulgur.Protocol.Tests.SpecConformance;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>BOLT 1 Appendix C: valid and invalid extensions on <c>init</c>, read from 01-messaging.md.</summary>
public sealed partial class MessageExtensionVectorTests
{
    [GeneratedRegex(@"^- `(0x[0-9a-f]+)`")]
    private static partial Regex VectorLine();

    [SkippableFact]
    public void Appendix_C_message_extension()
    {
        var section = BoltDocument.Load("01-messaging.md").Section("Appendix C: Message Extension");
        bool? expectValid = null;
        var checkedCount = 0;
        foreach (var line in section)
        {
            if (line.Contains("messages are valid", StringComparison.Ordinal))
                expectValid = true;
            else if (line.Contains("messages are invalid", StringComparison.Ordinal))
                expectValid = false;
            var match = VectorLine().Match(line);
            if (!match.Success)
                continue;
            Assert.NotNull(expectValid);
            var bytes = BoltDocument.ParseSpecHex(match.Groups[1].Value);
            var ok = MessageRegistry.Default.TryDecode(bytes, out var message, out var error);
            if (expectValid.Value)
            {
                Assert.True(ok, $"{line}: {error}");
                var init = Assert.IsType<InitMessage>(message);
                Assert.True(init.Features.IsEmpty);
                // The unknown odd records survive, so the message (and any signature over it) re-encodes exactly.
                Assert.Equal(bytes, MessageRegistry.Encode(init));
            }
            else
            {
                Assert.False(ok, line);
                Assert.Null(message);
            }
            checkedCount++;
        }
        Assert.Equal(5, checkedCount);
    }
}
