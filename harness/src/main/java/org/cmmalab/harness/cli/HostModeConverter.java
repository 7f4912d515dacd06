package org.cmmalab.harness.cli;

import org.cmmalab.pagestates.HostMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code zvm} or {@code kvm}. */
final class HostModeConverter implements ITypeConverter<HostMode> {
    @Override
    public HostMode convert(String value) {
        try {
            return HostMode.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
